#!/usr/bin/env bash
# Installs and configures the reference setup of recovery-mailbox-howto.txt on this machine,
# on loopback only: Postfix from Debian ("Local only"), a virtual alias domain mapping the
# recovery address to a dedicated user, procmail through that user's .forward, and the HOWTO's
# notification script through sendmail. Notices for the owner's domain are relayed by a
# transport map to the benchmark's sink on 127.0.0.1:SINK_PORT. Idempotent; run as root.
#
#   bench/reference/setup.sh [--sink-port 10026]
#
# Deviations from the HOWTO, all needed to measure it: the names (recovery.example instead of
# recoveryemails.example.com, user "recovery"), the transport map to the sink (the HOWTO's box
# sends through the Internet), and message_size_limit raised so the 50 MB message is accepted.
# Postfix fsyncs every queue file before its 250 (its default), as Lockbox does.
set -euo pipefail

sink_port=10026
while [ $# -gt 0 ]; do
  case "$1" in
    --sink-port) sink_port="$2"; shift 2 ;;
    *) echo "usage: $0 [--sink-port PORT]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "setup.sh: run as root" >&2; exit 1; }

domain=recovery.example
user=recovery
owner=owner@primary.example
home=/home/$user

# 1. packages; "Local only" makes Postfix listen on loopback and refuse to relay
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s postfix >/dev/null 2>&1 || ! dpkg -s procmail >/dev/null 2>&1; then
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string mx.$domain" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postfix procmail >/dev/null
fi

# 2. the dedicated user the HOWTO recommends
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"

# 3. Postfix: the virtual alias domain, and notices to the owner's domain go to the sink
postconf -e "inet_interfaces = loopback-only" \
  "virtual_alias_domains = $domain" \
  "virtual_alias_maps = hash:/etc/postfix/virtual" \
  "transport_maps = hash:/etc/postfix/transport" \
  "message_size_limit = 104857600"
echo "owner@$domain    $user" > /etc/postfix/virtual
echo "primary.example    smtp:[127.0.0.1]:$sink_port" > /etc/postfix/transport
postmap /etc/postfix/virtual
postmap /etc/postfix/transport

# 4. the HOWTO's notification script, procmail rules and .forward, word for word but names
script="$home/send-recovery-email-notification.bash"
cat > "$script" <<SCRIPT
#!/bin/bash
/usr/sbin/sendmail -t <<EOF
From: "mx Administrator" <admin@mx.$domain>
To: $owner
Subject: New Account Recovery Email

You've received a new recovery email.
It has a subject of "\$2"
It was sent from "\$1".
EOF
SCRIPT
cat > "$home/.procmailrc" <<RULES
:0
* ^From:\s*\/.*
{
 FROM = "\$MATCH"
}

:0
* ^Subject:\s*\/.*
{
 SUBJECT = "\$MATCH"
}

:0 c:                # the last colon means use a lockfile. c means copy
* ^To:.*@$domain
| $script "\$FROM" "\$SUBJECT"
RULES
echo '"|exec /usr/bin/procmail"' > "$home/.forward"
chown "$user:$user" "$script" "$home/.procmailrc" "$home/.forward"
chmod 755 "$script"
chmod 644 "$home/.procmailrc" "$home/.forward"

# 5. an empty mailbox (the c flag keeps a copy of every message), then (re)start; the spool
# gets Debian's usual mode, which some images lose (procmail then cannot lock the mailbox)
chmod 2775 /var/mail
chown root:mail /var/mail
: > "/var/mail/$user"
chown "$user:mail" "/var/mail/$user"
chmod 660 "/var/mail/$user"
if postfix status >/dev/null 2>&1; then
  postfix reload
else
  postfix start
fi
echo "reference ready: owner@$domain on 127.0.0.1:25, notices to 127.0.0.1:$sink_port"
