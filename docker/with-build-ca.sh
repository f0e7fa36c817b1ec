#!/bin/sh
# Runs a build step with the certificate authorities that the build machine lent it, if any:
#   podman build -v /etc/ssl/certs:/run/build-ca:ro ...     (docker build has no -v; buildah's bud has)
# Behind a TLS-intercepting proxy, only the build machine's bundle knows the proxy's authority. It is read from the
# mount for this one step and never copied into the image; without the mount the image's own bundle is used.
set -e
ca=/run/build-ca
if [ -f "$ca/ca-certificates.crt" ]; then
  export PIP_CERT="$ca/ca-certificates.crt" SSL_CERT_FILE="$ca/ca-certificates.crt" \
    REQUESTS_CA_BUNDLE="$ca/ca-certificates.crt" CURL_CA_BUNDLE="$ca/ca-certificates.crt"
  if [ -f "$ca/java/cacerts" ]; then
    # Maven and the MNIST download (Java) read this trust store; JAVA_TOOL_OPTIONS reaches every JVM of the step.
    export JAVA_TOOL_OPTIONS="-Djavax.net.ssl.trustStore=$ca/java/cacerts -Djavax.net.ssl.trustStorePassword=changeit"
  fi
fi
exec "$@"
