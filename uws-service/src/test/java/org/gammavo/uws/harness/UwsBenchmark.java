package org.gammavo.uws.harness;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.jobs.contract.JobTopics;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Benchmark of uws-service as a separate process against real Kafka and PostgreSQL (embedded): job creations/s,
 * GET job p50/p99, the job list of 10 000 jobs p50, and the lag from an executor's event to its application.
 *
 * <p>Run: {@code mvn -q -B install -pl uws-service -DskipTests && mvn -q -B -pl uws-service exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=org.gammavo.uws.harness.UwsBenchmark} (optional argument: number
 * of jobs, default 10000).
 */
public final class UwsBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = 8;
        try (HarnessStack stack = new HarnessStack()) {
            stack.startService();
            // Warm-up: JIT, connection pools.
            for (int i = 0; i < 300; i++) {
                stack.post("/selftest", "bob", "RUNID=warmup");
                stack.get("/selftest?LAST=5", "bob");
            }

            List<String> ids = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = n / threads + (t < n % threads ? 1 : 0);
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        HttpResponse<String> r = stack.post("/selftest", "alice", "RUNID=bench");
                        if (r.statusCode() != 303) {
                            throw new IllegalStateException("creation answered " + r.statusCode());
                        }
                        ids.add(HarnessStack.jobId(r));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("creations: %d jobs in %.1f s = %.0f jobs/s (%d client threads)%n", n, secs, n / secs,
                    threads);

            List<Long> getNanos = Collections.synchronizedList(new ArrayList<>());
            fs.clear();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                        long s = System.nanoTime();
                        if (stack.get("/selftest/" + id, "alice").statusCode() != 200) {
                            throw new IllegalStateException("GET job failed");
                        }
                        getNanos.add(System.nanoTime() - s);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            System.out.printf("GET job: p50 %.1f ms, p99 %.1f ms (%d requests, 4 client threads)%n",
                    pct(getNanos, 50), pct(getNanos, 99), getNanos.size());

            List<Long> listNanos = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < 25; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r = stack.get("/selftest", "alice");
                listNanos.add(System.nanoTime() - s);
                bytes = r.body().length();
            }
            System.out.printf("GET job list of %d jobs: p50 %.0f ms, p99 %.0f ms (%d kB XML)%n", n,
                    pct(listNanos, 50), pct(listNanos, 99), bytes / 1024);

            eventLag(stack, ids);
            pool.shutdown();
        }
    }

    /** Produces EXECUTING events at a steady 200/s, then reads when each was applied (applied_event.applied_at). */
    static void eventLag(HarnessStack stack, List<String> ids) throws Exception {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Map<String, Long> sentAtMicros = new ConcurrentHashMap<>();
        int events = Math.min(2000, ids.size());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                String jobId = ids.get(i);
                var e = new JobEvent.PhaseChanged(UUID.randomUUID().toString(), jobId, "selftest",
                        java.time.Instant.now(), ExecutionPhase.EXECUTING, "slurm", null, List.of(), null);
                long due = start + i * 5_000_000L;
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
                java.time.Instant now = java.time.Instant.now();
                sentAtMicros.put(e.eventId(), now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
                producer.send(new ProducerRecord<>(JobTopics.EVENTS, jobId, JobContractCodec.encode(e)));
            }
        }
        // Wait until all are applied (or 60 s), so that a slow applier shows as lag, not as missing events.
        for (int i = 0; i < 60 && countApplied(stack) < events; i++) {
            Thread.sleep(1000);
        }
        List<Long> lags = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.db.jdbcUrl(), stack.db.username(), stack.db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id, (extract(epoch from applied_at) * 1000000)::bigint "
                     + "FROM uws.applied_event")) {
            while (rs.next()) {
                Long sent = sentAtMicros.get(rs.getString(1));
                if (sent != null) {
                    lags.add((rs.getLong(2) - sent) * 1000);
                }
            }
        }
        System.out.printf("event-apply lag at 200 events/s: p50 %.1f ms, p99 %.1f ms (%d/%d events applied)%n",
                pct(lags, 50), pct(lags, 99), lags.size(), events);
    }

    static long countApplied(HarnessStack stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.db.jdbcUrl(), stack.db.username(), stack.db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM uws.applied_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    private UwsBenchmark() {
    }
}
