#!/bin/sh
# Single-node KRaft Kafka (controller + broker). Settings from the environment:
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HOST (127.0.0.1: the advertised host),
#   KAFKA_DATA (/var/lib/kafka/data), KAFKA_CLUSTER_ID (a fixed id: the storage is formatted once, on first start).
# `kafka-entrypoint.sh topics <file>` instead creates the topics listed in <file>, one "name partitions k=v,k=v" a line.
set -eu
CP='/opt/kafka/libs/*'
PORT=${KAFKA_PORT:-9092}
CPORT=${KAFKA_CONTROLLER_PORT:-9093}
HOST=${KAFKA_HOST:-127.0.0.1}
DATA=${KAFKA_DATA:-/var/lib/kafka/data}

if [ "${1:-}" = topics ]; then
  while read -r name partitions configs; do
    [ -n "$name" ] || continue
    set -- --bootstrap-server "$HOST:$PORT" --create --if-not-exists --topic "$name" --partitions "$partitions" \
      --replication-factor 1
    for c in $(echo "${configs:-}" | tr ',' ' '); do set -- "$@" --config "$c"; done
    java -cp "$CP" org.apache.kafka.tools.TopicCommand "$@"
  done < "$2"
  exit 0
fi

CONF=/tmp/server.properties
cat > "$CONF" <<CONF
node.id=1
process.roles=broker,controller
controller.quorum.voters=1@$HOST:$CPORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
CONF
mkdir -p "$DATA"
if [ ! -f "$DATA/meta.properties" ]; then
  java -cp "$CP" kafka.tools.StorageTool format -t "${KAFKA_CLUSTER_ID:-q1Sh-9_ISia_zwGINzRvyQ}" -c "$CONF"
fi
exec java -cp "$CP" kafka.Kafka "$CONF"
