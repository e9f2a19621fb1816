#!/bin/sh
# nginx in the foreground with /etc/nginx/nginx.conf. GAMMAVO_WEB_UI_PORT (default 8080, the Deployment's port) moves
# the listener, for runs where pods share the host's network (the podman run of k8s/podman/run.sh).
set -eu
conf=/etc/nginx/nginx.conf
if [ -n "${GAMMAVO_WEB_UI_PORT:-}" ] && [ "$GAMMAVO_WEB_UI_PORT" != 8080 ]; then
  sed "s/listen 8080;/listen $GAMMAVO_WEB_UI_PORT;/" "$conf" > /tmp/nginx.conf
  conf=/tmp/nginx.conf
fi
exec nginx -c "$conf" -g 'daemon off;'
