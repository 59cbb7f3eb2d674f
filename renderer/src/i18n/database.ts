/** The texts of Administración › Base de datos (Spanish first; English must have the same keys). */
export const databaseEs = {
  'database.title': 'Base de datos',
  'database.description':
    'Dónde guarda sus datos la aplicación en este equipo: el archivo local (SQLite) o un servidor PostgreSQL que comparten las cajas de la oficina.',
  'database.current': 'En uso ahora',
  'database.engine.sqlite': 'SQLite (archivo local)',
  'database.engine.pg': 'PostgreSQL (servidor)',
  'database.target': 'Base',
  'database.source': 'Indicada por',
  'database.source.argumento': 'la opción --db con que se inició la aplicación (tiene prioridad sobre todo lo demás)',
  'database.source.variable': 'la variable de entorno VENTANILLA_DATABASE_URL de este equipo (tiene prioridad sobre lo que se guarde aquí)',
  'database.source.configuracion': 'la conexión guardada en esta pantalla',
  'database.source.predeterminada': 'el archivo predeterminado de este equipo',
  'database.saved': 'Conexión guardada para el próximo inicio',
  'database.savedNone': 'Ninguna: al iniciar se usa la base local (SQLite).',
  'database.savedIn': 'Archivo: {file}',
  'database.overridden': 'Lo que guarde aquí no se aplicará mientras la aplicación se inicie con {what}.',
  'database.change': 'Cambiar la conexión',
  'database.url': 'Dirección del servidor PostgreSQL',
  'database.urlHelp':
    'Ejemplo: postgres://ventanilla:clave@servidor:5432/ventanilla. La clave se guarda cifrada: en la aplicación de escritorio, con el almacén de claves de Windows del usuario que la guarda.',
  'database.test': 'Probar conexión',
  'database.save': 'Guardar',
  'database.useLocal': 'Volver a la base local (SQLite)',
  'database.saveTitle': 'Guardar la conexión a PostgreSQL',
  'database.saveText': 'Este equipo usará {url} la próxima vez que se inicie la aplicación.',
  'database.localTitle': 'Volver a la base local',
  'database.localText': 'Este equipo usará de nuevo su archivo local (SQLite) la próxima vez que se inicie la aplicación.',
  'database.restart':
    'El cambio se aplica al reiniciar: con «Reiniciar ahora» (o cerrando la aplicación y abriéndola de nuevo). Hasta entonces se sigue trabajando sobre la base actual.',
  'database.notCopied':
    'Los datos NO se copian entre las bases: la otra base queda con lo que ya tenga (si está vacía, la aplicación crea las tablas y pide la configuración inicial). Llevar los datos de SQLite a PostgreSQL o al revés no es parte de esta pantalla ni de la aplicación (no hay importación ni exportación entre bases).',
  'database.thisComputer': 'Solo cambia este equipo: cada caja se configura en la suya.',
  'database.savedTitle': 'Cambio guardado',
} as const;

export const databaseEn: Record<keyof typeof databaseEs, string> = {
  'database.title': 'Database',
  'database.description':
    'Where the application keeps its data on this computer: the local file (SQLite) or a PostgreSQL server shared by the office counters.',
  'database.current': 'In use now',
  'database.engine.sqlite': 'SQLite (local file)',
  'database.engine.pg': 'PostgreSQL (server)',
  'database.target': 'Database',
  'database.source': 'Given by',
  'database.source.argumento': 'the --db option the application was started with (it wins over everything else)',
  'database.source.variable': 'the environment variable VENTANILLA_DATABASE_URL on this computer (it wins over what is saved here)',
  'database.source.configuracion': 'the connection saved on this screen',
  'database.source.predeterminada': "this computer's default file",
  'database.saved': 'Connection saved for the next start',
  'database.savedNone': 'None: the local database (SQLite) is used at start.',
  'database.savedIn': 'File: {file}',
  'database.overridden': 'What you save here will not apply while the application starts with {what}.',
  'database.change': 'Change the connection',
  'database.url': 'PostgreSQL server address',
  'database.urlHelp':
    'Example: postgres://ventanilla:password@server:5432/ventanilla. The password is saved encrypted: in the desktop application, with the Windows key store of the user who saves it.',
  'database.test': 'Test connection',
  'database.save': 'Save',
  'database.useLocal': 'Back to the local database (SQLite)',
  'database.saveTitle': 'Save the PostgreSQL connection',
  'database.saveText': 'This computer will use {url} the next time the application starts.',
  'database.localTitle': 'Back to the local database',
  'database.localText': 'This computer will use its local file (SQLite) again the next time the application starts.',
  'database.restart':
    'The change applies on restart: with "Restart now" (or by closing the application and opening it again). Until then work goes on in the current database.',
  'database.notCopied':
    'The data are NOT copied between databases: the other database keeps whatever it has (if empty, the application creates the tables and asks for the initial set-up). Moving data from SQLite to PostgreSQL or back is not part of this screen nor of the application (there is no import or export between databases).',
  'database.thisComputer': 'Only this computer changes: each counter is set up on its own.',
  'database.savedTitle': 'Change saved',
};
