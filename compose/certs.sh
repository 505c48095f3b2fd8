#!/usr/bin/env bash
# Makes the lab's secrets, once: a CA, a PKCS12 key store per Kafka node (kafka-N, and controller-N
# for the dedicated controllers of compose/controllers.yml; SANs: the node's name, the container
# names, localhost, 127.0.0.1), a trust store, their passwords, and the SCRAM passwords of the
# admin and gameday users. Everything lands in compose/secrets/ (never committed: .gitignore)
# and is reused as long as it is there and valid; remove the directory to start over, or run
#   compose/certs.sh rotate-certs    new node certificates from the same CA (see runbooks/rotate-secrets.md)
#   compose/certs.sh rotate-scram    new SCRAM passwords files (apply them with the runbook)
#   compose/certs.sh node N          a key store for a new node N (runbooks/add-broker-and-reassign.md)
#   compose/certs.sh rogue           a CA and client trust store no broker trusts, for the tests
#   compose/certs.sh docker          for the Docker API proxy over mutual TLS (README, "Security"): its
#                                    server certificate docker-proxy.pem (SANs 127.0.0.1, localhost,
#                                    socket-proxy, $LAB_NAME-socket-proxy) and the service's client
#                                    certificate in docker/ (docker's layout: ca.pem, cert.pem, key.pem)
# Needs openssl and keytool (a JRE 17).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${GAMEDAY_SECRETS_DIR:-$here/secrets}
days=${GAMEDAY_CERT_DAYS:-825}
lab=${LAB_NAME:-gameday}
log() { printf '[certs] %s\n' "$*" >&2; }

random() { openssl rand -base64 24 | tr -d '/+=' | cut -c1-24; }

secret() { # secret FILE: creates a random password in FILE unless it exists
  [ -s "$dir/$1" ] || { random > "$dir/$1"; chmod 600 "$dir/$1"; }
}

ca() {
  [ -s "$dir/ca.pem" ] && [ -s "$dir/ca.key" ] && return
  log "making the lab CA"
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days "$days" -subj "/CN=kafka-gameday lab CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  chmod 600 "$dir/ca.key"
}

node() { # node NAME [force]: key store NAME.p12 (kafka-N, controller-N), the node's certificate signed by the CA
  local name=$1 work
  if [ -s "$dir/$name.p12" ] && [ "${2:-}" != force ]; then return; fi
  work=$(mktemp -d)
  cat > "$work/ext.cnf" <<CNF
subjectAltName=DNS:$name,DNS:$lab-$name,DNS:gameday-$name,DNS:gdtest-$name,DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth,clientAuth
CNF
  openssl req -newkey rsa:3072 -sha256 -nodes -subj "/CN=$name" \
    -keyout "$work/key.pem" -out "$work/req.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$days" -in "$work/req.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -CAserial "$dir/ca.srl" -extfile "$work/ext.cnf" -out "$work/cert.pem" 2>/dev/null
  openssl pkcs12 -export -name "$name" -inkey "$work/key.pem" -in "$work/cert.pem" -certfile "$dir/ca.pem" \
    -passout "file:$dir/keystore.password" -out "$dir/$name.p12"
  chmod 640 "$dir/$name.p12"
  rm -rf "$work"
  log "key store for $name (valid $days days)"
}

truststore() { # truststore FILE CA: a PKCS12 trust store holding only that CA
  [ -s "$dir/$1" ] && return
  keytool -importcert -noprompt -alias lab-ca -file "$2" -storetype PKCS12 -keystore "$dir/$1" \
    -storepass "$(cat "$dir/keystore.password")" >/dev/null 2>&1
  chmod 644 "$dir/$1"
}

client_properties() { # the admin's client settings, for Kafka's tools inside the broker containers
  cat > "$dir/admin.properties" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(cat "$dir/admin.password")";
ssl.truststore.location=/etc/kafka/secrets/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=$(cat "$dir/keystore.password")
PROPS
  chmod 640 "$dir/admin.properties"
}

signed() { # signed DIR SUBJECT EXTENSIONS: DIR/key.pem (EC P-256) and DIR/cert.pem signed by the lab CA
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -subj "$2" \
    -keyout "$1/key.pem" -out "$1/req.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$days" -in "$1/req.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -CAserial "$dir/ca.srl" -extfile "$3" -out "$1/cert.pem" 2>/dev/null
}

docker_tls() { # the TLS proxy's certificate and key in one file (HAProxy's crt), the service's client directory
  local work
  work=$(mktemp -d)
  if [ ! -s "$dir/docker-proxy.pem" ]; then
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:socket-proxy,DNS:%s-socket-proxy\nextendedKeyUsage=serverAuth\n' \
      "$lab" > "$work/ext.cnf"
    signed "$work" "/CN=gameday socket proxy" "$work/ext.cnf"
    (umask 077 && cat "$work/cert.pem" "$work/key.pem" > "$dir/docker-proxy.pem")
    log "docker-proxy.pem: the socket proxy's TLS certificate (valid $days days)"
  fi
  if [ ! -s "$dir/docker/cert.pem" ]; then
    mkdir -p "$dir/docker" && chmod 750 "$dir/docker"
    printf 'extendedKeyUsage=clientAuth\n' > "$work/ext.cnf"
    signed "$work" "/CN=gameday" "$work/ext.cnf"
    install -m 600 "$work/key.pem" "$dir/docker/key.pem"
    install -m 644 "$work/cert.pem" "$dir/docker/cert.pem"
    install -m 644 "$dir/ca.pem" "$dir/docker/ca.pem"
    log "docker/: the service's client certificate CN=gameday for the socket proxy (valid $days days)"
  fi
  rm -rf "$work"
}

mkdir -p "$dir"
chmod 750 "$dir"
case "${1:-}" in
  docker)
    ca
    docker_tls
    exit 0 ;;
  rotate-certs)
    for n in 1 2 3; do node "kafka-$n" force; node "controller-$n" force; done
    exit 0 ;;
  rotate-scram)
    for user in admin gameday; do
      random > "$dir/$user.password.new"; chmod 600 "$dir/$user.password.new"
      chown 1001:1001 "$dir/$user.password.new" 2>/dev/null || true   # like the others: the brokers read them
    done
    log "new passwords in $dir/{admin,gameday}.password.new; apply them with runbooks/rotate-secrets.md"
    exit 0 ;;
  node)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "usage: $0 node N (a node id)" >&2; exit 2; }
    node "kafka-$2"
    chown 1001:1001 "$dir/kafka-$2.p12" 2>/dev/null || chmod 644 "$dir/kafka-$2.p12"
    exit 0 ;;
  rogue)
    if [ ! -s "$dir/rogue-truststore.p12" ]; then
      openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 -subj "/CN=not the lab CA" \
        -keyout "$dir/rogue-ca.key" -out "$dir/rogue-ca.pem" 2>/dev/null
      truststore rogue-truststore.p12 "$dir/rogue-ca.pem"
    fi
    exit 0 ;;
esac

api_users() { # the HTTP API's users: an operator and a viewer, random passwords, PBKDF2 hashes
  [ -s "$dir/api-users" ] && return
  secret api-operator.password
  secret api-viewer.password
  {
    echo "# name:roles:hash -- made by compose/certs.sh; passwords in api-*.password"
    "$here/hash-password.sh" operator operator < "$dir/api-operator.password"
    "$here/hash-password.sh" viewer viewer < "$dir/api-viewer.password"
  } > "$dir/api-users"
  chmod 640 "$dir/api-users"
  log "API users operator and viewer"
}

secret keystore.password
secret admin.password
secret gameday.password
secret connect.password       # the Connect workers' principal (profile integrations)
secret registry-db.password   # the schema registry's database (profile integrations)
ca
# the three nodes, and the three dedicated controllers of compose/controllers.yml
for n in 1 2 3; do node "kafka-$n"; node "controller-$n"; done
truststore truststore.p12 "$dir/ca.pem"
client_properties
api_users
# The brokers run as uid 1001 (kafka) and read these through a bind mount. As root, hand them over;
# otherwise make them readable, which on a shared host means by everyone: say so.
if ! chown -R 1001:1001 "$dir" 2>/dev/null; then
  chmod 755 "$dir" && chmod 644 "$dir"/*
  log "not root: $dir is readable by every user of this host (a lab, not production)"
fi
# PostgreSQL runs as its own user, not 1001: the registry database's password file (mounted alone
# into that container) is readable inside it; on the host the directory above still keeps others out.
chmod 644 "$dir/registry-db.password"
log "ready in $dir"
