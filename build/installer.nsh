; Ventanilla's additions to electron-builder's NSIS installer (electron-builder.yml → nsis.include).
;
; The installation is per machine (nsis.perMachine: true): the program goes to Program Files, which
; Windows users cannot write, so the unpacked sqlite3 module and SumatraPDF.exe cannot be replaced by
; a user. The office's data go to ONE folder for every Windows user of the computer, chosen here:
;   - a page after the program's folder asks for the data folder (by default %ProgramData%\Ventanilla),
;     refusing a network folder (a UNC path or a mapped drive): SQLite needs a disk of this computer;
;   - the installer creates it and gives the Users group (by its SID, S-1-5-32-545, so it works on a
;     Windows in any language) the right to modify it, so every cashier's Windows account writes the
;     same database;
;   - the choice goes to %ProgramData%\Ventanilla\carpeta-de-datos.json, in UTF-16 with its byte-order
;     mark (electron/core/data-folder.ts reads it), only when there is none yet: an update
;     (electron-updater runs this installer with /S --updated), a reinstall, or a move made later from
;     Administración › Este equipo keep the folder in use.
; Uninstalling never deletes the data.
;
; This file is not compiled on Linux (packaging for Windows is done on Windows, see the README).

!include nsDialogs.nsh
!include LogicLib.nsh

!ifndef BUILD_UNINSTALLER
  Var VentanillaDataDir
  Var VentanillaDataInput

  ; %ProgramData%\Ventanilla, whatever the shell context
  !macro VentanillaMachineFolder VAR
    ReadEnvStr ${VAR} PROGRAMDATA
    ${If} ${VAR} == ""
      StrCpy ${VAR} "C:\ProgramData"
    ${EndIf}
    StrCpy ${VAR} "${VAR}\Ventanilla"
  !macroend

  !macro customPageAfterChangeDir
    Page custom VentanillaDataPage VentanillaDataPageLeave
  !macroend

  Function VentanillaDataPage
    ; an update or a reinstall keeps the folder already chosen
    ${If} ${isUpdated}
      Abort
    ${EndIf}
    !insertmacro VentanillaMachineFolder $R0
    IfFileExists "$R0\carpeta-de-datos.json" 0 +2
      Abort
    ${If} $VentanillaDataDir == ""
      StrCpy $VentanillaDataDir $R0
    ${EndIf}
    nsDialogs::Create 1018
    Pop $0
    ${NSD_CreateLabel} 0 0 100% 40u "Carpeta de los datos de la oficina: la base de datos, sus copias de seguridad, los archivos adjuntos y el registro. Es una sola para todos los usuarios de Windows de este equipo y debe estar en un disco de este equipo (no en una carpeta de red)."
    Pop $0
    ${NSD_CreateDirRequest} 0 48u 78% 13u "$VentanillaDataDir"
    Pop $VentanillaDataInput
    ${NSD_CreateBrowseButton} 80% 47u 20% 15u "Examinar..."
    Pop $0
    ${NSD_OnClick} $0 VentanillaBrowse
    nsDialogs::Show
  FunctionEnd

  Function VentanillaBrowse
    ${NSD_GetText} $VentanillaDataInput $0
    nsDialogs::SelectFolderDialog "Carpeta de datos de Ventanilla" "$0"
    Pop $0
    ${If} $0 != "error"
      ${NSD_SetText} $VentanillaDataInput "$0"
    ${EndIf}
  FunctionEnd

  Function VentanillaDataPageLeave
    ${NSD_GetText} $VentanillaDataInput $VentanillaDataDir
    StrCpy $0 $VentanillaDataDir 2
    StrCpy $1 $VentanillaDataDir 1 1
    ; a UNC path (\\servidor\carpeta) or a drive that Windows says is remote (DRIVE_REMOTE = 4)
    ${If} $0 == "\\"
    ${OrIf} $0 == "//"
      MessageBox MB_ICONEXCLAMATION|MB_OK "La carpeta de datos no puede estar en una carpeta de red: SQLite necesita un disco de este equipo. Para que varias ventanillas trabajen sobre los mismos datos use un servidor PostgreSQL (Administración › Base de datos)."
      Abort
    ${EndIf}
    ${If} $1 != ":"
      MessageBox MB_ICONEXCLAMATION|MB_OK "Escriba la ruta completa de la carpeta, con la unidad: por ejemplo D:\Ventanilla."
      Abort
    ${EndIf}
    StrCpy $2 $VentanillaDataDir 3
    System::Call 'kernel32::GetDriveTypeW(w r2) i .r3'
    ${If} $3 == 4
      MessageBox MB_ICONEXCLAMATION|MB_OK "La unidad $0 es una carpeta de red: SQLite necesita un disco de este equipo. Para que varias ventanillas trabajen sobre los mismos datos use un servidor PostgreSQL (Administración › Base de datos)."
      Abort
    ${EndIf}
  FunctionEnd

  ; $R0 in, JSON string content out (every backslash doubled; a Windows path has no quotes)
  Function VentanillaJsonEscape
    Exch $R0
    Push $R1
    Push $R2
    Push $R3
    StrCpy $R1 ""
    StrCpy $R3 0
    ventanilla_escape_loop:
      StrCpy $R2 $R0 1 $R3
      StrCmp $R2 "" ventanilla_escape_done
      StrCmp $R2 "\" 0 +2
        StrCpy $R2 "\\"
      StrCpy $R1 "$R1$R2"
      IntOp $R3 $R3 + 1
      Goto ventanilla_escape_loop
    ventanilla_escape_done:
    StrCpy $R0 $R1
    Pop $R3
    Pop $R2
    Pop $R1
    Exch $R0
  FunctionEnd

  !macro customInstall
    !insertmacro VentanillaMachineFolder $R5
    CreateDirectory "$R5"
    ; the Users group may create and change files here: the record of a move, and the data when they live here
    nsExec::Exec '"$SYSDIR\icacls.exe" "$R5" /grant *S-1-5-32-545:(OI)(CI)M /Q'
    Pop $R6
    IfFileExists "$R5\carpeta-de-datos.json" ventanilla_folder_kept
      ${If} $VentanillaDataDir == ""
        StrCpy $VentanillaDataDir $R5
      ${EndIf}
      CreateDirectory "$VentanillaDataDir"
      nsExec::Exec '"$SYSDIR\icacls.exe" "$VentanillaDataDir" /grant *S-1-5-32-545:(OI)(CI)M /Q'
      Pop $R6
      Push $VentanillaDataDir
      Call VentanillaJsonEscape
      Pop $R7
      FileOpen $R8 "$R5\carpeta-de-datos.json" w
      FileWriteWord $R8 0xFEFF
      FileWriteUTF16LE $R8 '{"dataDir":"$R7","chosenBy":"instalacion"}$\r$\n'
      FileClose $R8
    ventanilla_folder_kept:
  !macroend
!endif
