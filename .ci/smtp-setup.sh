#!/usr/bin/env bash
# CI: a real SMTP server for the e-mail tests (tests/integration/mail-*.test.ts). Idempotent: a Postfix
# instance with its own configuration folder, queue and log (the system's /etc/postfix is left alone),
# a self-signed certificate made the first time, started when nothing answers on its port.
#   - listens on 127.0.0.1 only, on a fixed port; STARTTLS is required before anything else;
#   - AUTH (PLAIN, LOGIN; Cyrus SASL with its own sasldb) for one test user; nobody else may send;
#   - every message accepted, to any address, lands in one maildir the tests read.
# Needs root and Debian's `postfix`, `libsasl2-modules`, `sasl2-bin` (and openssl).
# Opensmtpd was tried first: Debian 12's 6.8 fails every STARTTLS with OpenSSL 3 ("missing private key"
# in its privilege-separated signer), so it is Postfix.
#   VENTANILLA_SMTP_PORT (2587), VENTANILLA_SMTP_USER (ventanilla), VENTANILLA_SMTP_PASSWORD (clave-de-prueba)
# What the tests read (.ci/run exports them):
#   VENTANILLA_TEST_SMTP=smtp://USER:PASSWORD@127.0.0.1:PORT
#   VENTANILLA_TEST_SMTP_MAILDIR=/var/spool/ventanilla-mail/Maildir   VENTANILLA_TEST_SMTP_CA=/etc/ventanilla-smtp/cert.pem
set -euo pipefail
PORT="${VENTANILLA_SMTP_PORT:-2587}"
SMTP_USER="${VENTANILLA_SMTP_USER:-ventanilla}"
SMTP_PASSWORD="${VENTANILLA_SMTP_PASSWORD:-clave-de-prueba}"
REALM=ventanilla-smtp
CONF_DIR=/etc/ventanilla-smtp
MAIL_BASE=/var/spool/ventanilla-mail
MAILDIR="$MAIL_BASE/Maildir"
LOG=/var/log/ventanilla-smtp.log
DELIVERY_USER=ventanillamail
export LC_ALL=C

for tool in postfix postconf saslpasswd2 openssl; do
  command -v "$tool" > /dev/null || { echo "smtp-setup: falta $tool (apt-get install postfix libsasl2-modules sasl2-bin)" >&2; exit 1; }
done

mkdir -p "$CONF_DIR/sasl"
# the certificate: self-signed, for 127.0.0.1 and localhost (the tests trust it as their CA)
if [ ! -s "$CONF_DIR/cert.pem" ] || [ ! -s "$CONF_DIR/key.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj "/CN=localhost" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$CONF_DIR/key.pem" -out "$CONF_DIR/cert.pem" 2> /dev/null
fi
chmod 0600 "$CONF_DIR/key.pem"
chmod 0644 "$CONF_DIR/cert.pem"

# the one system user who owns the maildir (no login, no home)
id -u "$DELIVERY_USER" > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$DELIVERY_USER"
mkdir -p "$MAILDIR"/{new,cur,tmp}
chown -R "$DELIVERY_USER:$DELIVERY_USER" "$MAIL_BASE"
chmod -R a+rX "$MAIL_BASE"

# the test user in a sasldb of its own, readable by Postfix's smtpd
echo "$SMTP_PASSWORD" | saslpasswd2 -p -c -f "$CONF_DIR/sasldb2" -u "$REALM" "$SMTP_USER"
chown root:postfix "$CONF_DIR/sasldb2"
chmod 0640 "$CONF_DIR/sasldb2"
printf 'pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: %s\n' \
  "$CONF_DIR/sasldb2" > "$CONF_DIR/sasl/smtpd.conf"

# master.cf: Debian's, with its port-25 listener replaced by ours and nothing chrooted (the sasldb and
# the certificate stay where they are)
awk -v listen="127.0.0.1:$PORT" '
  /^smtp[ \t]+inet[ \t]/ { print listen "  inet  n  -  n  -  -  smtpd"; next }
  /^[a-z0-9.:]+[ \t]+(inet|unix|fifo|pass|unix-dgram)[ \t]/ { $5 = "n"; print; next }
  { print }' /etc/postfix/master.cf > "$CONF_DIR/master.cf"

UID_OF=$(id -u "$DELIVERY_USER")
GID_OF=$(id -g "$DELIVERY_USER")
cat > "$CONF_DIR/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = /var/spool/ventanilla-postfix
data_directory = /var/lib/ventanilla-postfix
maillog_file = $LOG
myhostname = $REALM
mydomain = $REALM
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks =
alias_maps =
alias_database =
smtpd_banner = \$myhostname ESMTP
smtpd_tls_cert_file = $CONF_DIR/cert.pem
smtpd_tls_key_file = $CONF_DIR/key.pem
smtpd_tls_security_level = encrypt
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
smtpd_sasl_local_domain = $REALM
cyrus_sasl_config_path = $CONF_DIR/sasl
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
# every recipient, of any domain, goes to the one maildir
default_transport = virtual
relay_transport = virtual
local_transport = virtual
virtual_mailbox_base = $MAIL_BASE
virtual_mailbox_maps = regexp:$CONF_DIR/mailbox
virtual_uid_maps = static:$UID_OF
virtual_gid_maps = static:$GID_OF
message_size_limit = 30000000
EOF
printf '/./ Maildir/\n' > "$CONF_DIR/mailbox"
touch "$LOG"
mkdir -p /var/spool/ventanilla-postfix /var/lib/ventanilla-postfix
chown postfix /var/lib/ventanilla-postfix

postfix -c "$CONF_DIR" check
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && head -c 3 <&3 | grep -q 220) 2> /dev/null; }
if postfix -c "$CONF_DIR" status > /dev/null 2>&1; then
  postfix -c "$CONF_DIR" reload > /dev/null 2>&1
else
  postfix -c "$CONF_DIR" start > /dev/null 2>&1
fi
for _ in $(seq 1 50); do answers && break; sleep 0.2; done
answers || { echo "smtp-setup: Postfix no responde en 127.0.0.1:$PORT (ver $LOG)" >&2; tail -20 "$LOG" >&2; exit 1; }
echo "smtp-setup: SMTP con STARTTLS y AUTH en 127.0.0.1:$PORT (usuario $SMTP_USER); los correos quedan en $MAILDIR"
