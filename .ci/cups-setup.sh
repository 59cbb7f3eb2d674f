#!/usr/bin/env bash
# CI: a real print queue for tests/integration/printing-cups.test.ts. Idempotent: starts the CUPS
# scheduler if it is not running, adds (or keeps) a cups-pdf queue and waits until it is enabled.
# Needs root and Debian's `cups` and `printer-driver-cups-pdf`.
#   VENTANILLA_CUPS_PRINTER  queue name (VentanillaPDF)
#   VENTANILLA_CUPS_PDF_DIR  where cups-pdf writes the printed PDFs (/var/spool/cups-pdf/ventanilla)
set -euo pipefail
PRINTER="${VENTANILLA_CUPS_PRINTER:-VentanillaPDF}"
OUT_DIR="${VENTANILLA_CUPS_PDF_DIR:-/var/spool/cups-pdf/ventanilla}"
export LC_ALL=C

for tool in cupsd lpadmin lpstat cupsenable cupsaccept; do
  command -v "$tool" > /dev/null || { echo "cups-setup: falta $tool (apt-get install cups printer-driver-cups-pdf)" >&2; exit 1; }
done
[ -x /usr/lib/cups/backend/cups-pdf ] || { echo "cups-setup: falta el backend cups-pdf (apt-get install printer-driver-cups-pdf)" >&2; exit 1; }

# cups-pdf writes every job, whoever sent it, into one folder the tests read
mkdir -p "$OUT_DIR"
chmod 0777 "$OUT_DIR"
CONF=/etc/cups/cups-pdf.conf
WANTED=$(printf 'Out %s\nAnonDirName %s\nLabel 1\nUserUMask 0000\nAnonUMask 0000\n' "$OUT_DIR" "$OUT_DIR")
if [ "$(grep -E '^(Out|AnonDirName|Label|UserUMask|AnonUMask) ' "$CONF" 2>/dev/null)" != "$WANTED" ]; then
  sed -i -E '/^(Out|AnonDirName|Label|UserUMask|AnonUMask) /d' "$CONF" 2>/dev/null || true
  printf '%s\n' "$WANTED" >> "$CONF"
fi

# the scheduler: start it when lpstat cannot reach it
if ! lpstat -r 2>/dev/null | grep -q "scheduler is running"; then
  if command -v service > /dev/null && [ -x /etc/init.d/cups ]; then service cups start > /dev/null 2>&1 || cupsd
  else cupsd
  fi
  for _ in $(seq 1 50); do
    lpstat -r 2>/dev/null | grep -q "scheduler is running" && break
    sleep 0.2
  done
fi
lpstat -r | grep -q "scheduler is running" || { echo "cups-setup: el programador de CUPS no arrancó" >&2; exit 1; }

# the queue (lpadmin on an existing queue only updates it)
PPD=$(ls /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd /usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd 2>/dev/null | head -1 || true)
if ! lpstat -e 2>/dev/null | grep -qx "$PRINTER"; then
  if [ -n "$PPD" ]; then lpadmin -p "$PRINTER" -v cups-pdf:/ -P "$PPD"
  else lpadmin -p "$PRINTER" -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd
  fi
fi
cupsenable "$PRINTER"
cupsaccept "$PRINTER"

for _ in $(seq 1 50); do
  if lpstat -p "$PRINTER" 2>/dev/null | grep -qE "is idle|now printing"; then
    echo "cups-setup: cola $PRINTER lista; los PDF impresos quedan en $OUT_DIR"
    exit 0
  fi
  sleep 0.2
done
echo "cups-setup: la cola $PRINTER no quedó inactiva:" >&2
lpstat -p "$PRINTER" >&2 || true
exit 1
