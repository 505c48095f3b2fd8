#!/usr/bin/env bash
# Prints a line for the API users file (gameday.api.users-file):
#   compose/hash-password.sh NAME ROLE[,ROLE] < password
# ROLE is viewer or operator. The password is read from standard input, never from the command line.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 NAME viewer|operator < password-file" >&2; exit 2; }
script='
import base64, hashlib, os, sys
name, roles = sys.argv[1], sys.argv[2]
password = sys.stdin.readline().rstrip("\n").encode()
if not password:
    sys.exit("no password on standard input")
iterations, salt = 120000, os.urandom(16)
digest = hashlib.pbkdf2_hmac("sha256", password, salt, iterations, 32)
print("%s:%s:pbkdf2-sha256$%d$%s$%s" % (name, roles, iterations,
      base64.b64encode(salt).decode(), base64.b64encode(digest).decode()))
'
python3 -c "$script" "$1" "$2"
