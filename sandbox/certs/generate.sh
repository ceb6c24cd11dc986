#!/bin/sh
# Regenerates the sandbox's TLS fixtures: a test CA, a server certificate it signs for localhost and
# 127.0.0.1, and a self-signed server certificate no client trusts (for "certificate not trusted" tests).
# Test fixtures only: the keys are committed on purpose and protect nothing.
set -eu
cd "$(dirname "$0")"
DAYS=7300

openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days "$DAYS" \
	-subj '/CN=EWS Sandbox Test CA' \
	-addext 'basicConstraints=critical,CA:TRUE' \
	-addext 'keyUsage=critical,keyCertSign,cRLSign' \
	-keyout ca.key -out ca.pem

openssl req -newkey rsa:2048 -sha256 -nodes -subj '/CN=localhost' -keyout server.key -out server.csr
cat > server.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
EXT
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days "$DAYS" \
	-extfile server.ext -out server.pem
rm -f server.csr server.ext ca.srl

openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days "$DAYS" -subj '/CN=localhost' \
	-addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' \
	-addext 'extendedKeyUsage=serverAuth' \
	-keyout self-signed.key -out self-signed.pem
