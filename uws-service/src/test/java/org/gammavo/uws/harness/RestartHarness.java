package org.gammavo.uws.harness;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.jobs.contract.JobTopics;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crash test: 100 jobs move through their phases while uws-service is killed with SIGKILL (twice) and restarted.
 * Afterwards every job must be COMPLETED, none lost, none executed twice.
 *
 * <p>The harness plays the executor: it runs a job (QUEUED, EXECUTING, COMPLETED over 0.5–3 s) on its first
 * RunJob and, as real executors do, recognises a redelivered RunJob by jobId. It counts RunJob deliveries per job
 * (the outbox is at-least-once, so a crash between the broker's ack and the "sent" mark may deliver one twice)
 * and executions (must be exactly one per job).
 *
 * <p>Run: {@code mvn -q -B install -pl uws-service -DskipTests && mvn -q -B -pl uws-service exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=org.gammavo.uws.harness.RestartHarness}
 */
public final class RestartHarness {

    private static final int JOBS = 100;

    public static void main(String[] args) throws Exception {
        boolean ok;
        try (HarnessStack stack = new HarnessStack()) {
            ok = run(stack);
        }
        System.exit(ok ? 0 : 1);
    }

    static boolean run(HarnessStack stack) throws Exception {
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Set<String> executed = ConcurrentHashMap.newKeySet();
        AtomicInteger executions = new AtomicInteger();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(pp);
        Thread executor = new Thread(() -> {
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-executor");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
                consumer.subscribe(List.of(JobTopics.COMMANDS));
                while (!Thread.currentThread().isInterrupted()) {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        if (!(JobContractCodec.decodeCommand(r.value()) instanceof JobCommand.RunJob run)) {
                            continue;
                        }
                        deliveries.computeIfAbsent(run.jobId(), k -> new AtomicInteger()).incrementAndGet();
                        if (executed.add(run.jobId())) {
                            executions.incrementAndGet();
                            long ms = ThreadLocalRandom.current().nextLong(500, 3000);
                            emit(producer, run, ExecutionPhase.QUEUED);
                            clock.schedule(() -> emit(producer, run, ExecutionPhase.EXECUTING), ms / 3, TimeUnit.MILLISECONDS);
                            clock.schedule(() -> emit(producer, run, ExecutionPhase.COMPLETED), ms, TimeUnit.MILLISECONDS);
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException stop) {
                // harness finished
            }
        }, "harness-executor");
        executor.start();

        stack.startService();
        List<String> jobs = new ArrayList<>();
        int failedCreations = 0;
        int kills = 0;
        for (int i = 0; i < JOBS || jobs.size() < JOBS; i++) {
            if (i == 40 || i == 75) {
                // Kill while earlier jobs are QUEUED/EXECUTING and events are in flight.
                Thread.sleep(300);
                stack.killService();
                kills++;
                System.out.printf("kill -9 #%d after %d jobs created; restarting%n", kills, jobs.size());
                stack.startService();
            }
            try {
                HttpResponse<String> r = stack.post("/selftest", "alice", "PHASE=RUN&RUNID=crash-" + i);
                if (r.statusCode() == 303) {
                    jobs.add(HarnessStack.jobId(r));
                } else {
                    failedCreations++;
                }
            } catch (java.io.IOException e) {
                failedCreations++;
            }
            Thread.sleep(20);
        }
        System.out.printf("%d jobs created (%d creation requests failed and were retried), %d kills%n",
                jobs.size(), failedCreations, kills);

        Instant until = Instant.now().plusSeconds(120);
        Map<String, String> phases = new ConcurrentHashMap<>();
        while (Instant.now().isBefore(until)) {
            phases.clear();
            for (String id : jobs) {
                HttpResponse<String> r = stack.get("/selftest/" + id + "/phase", "alice");
                phases.put(id, r.statusCode() == 200 ? r.body().trim() : "HTTP " + r.statusCode());
            }
            if (phases.values().stream().allMatch("COMPLETED"::equals)) {
                break;
            }
            Thread.sleep(1000);
        }
        executor.interrupt();
        executor.join(5000);
        clock.shutdownNow();
        producer.close();

        long completed = phases.values().stream().filter("COMPLETED"::equals).count();
        long neverRun = jobs.stream().filter(id -> !executed.contains(id)).count();
        long redelivered = deliveries.values().stream().filter(n -> n.get() > 1).count();
        System.out.printf("result: %d/%d COMPLETED, %d never run (lost), %d executions for %d jobs, "
                        + "%d RunJob redelivered (recognised by jobId)%n",
                completed, jobs.size(), neverRun, executions.get(), jobs.size(), redelivered);
        phases.forEach((id, p) -> {
            if (!"COMPLETED".equals(p)) {
                System.out.println("  not completed: " + id + " " + p);
            }
        });
        // Each job got three events (QUEUED, EXECUTING, COMPLETED): each must have been applied exactly once.
        long wrongEventCounts;
        long unsent;
        try (var c = java.sql.DriverManager.getConnection(stack.db.jdbcUrl(), stack.db.username(), stack.db.password());
             var s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) FROM (SELECT j.job_id FROM uws.job j LEFT JOIN uws.applied_event e"
                    + " ON e.job_id = j.job_id GROUP BY j.job_id HAVING count(e.event_id) <> 3) x");
            rs.next();
            wrongEventCounts = rs.getLong(1);
            rs = s.executeQuery("SELECT count(*) FROM uws.outbox WHERE sent_at IS NULL");
            rs.next();
            unsent = rs.getLong(1);
        }
        System.out.printf("events: %d job(s) without exactly 3 applied events; outbox: %d unsent command(s)%n",
                wrongEventCounts, unsent);
        boolean ok = completed == jobs.size() && neverRun == 0 && executions.get() == jobs.size()
                && wrongEventCounts == 0 && unsent == 0;
        System.out.println(ok ? "RESTART TEST PASSED" : "RESTART TEST FAILED");
        return ok;
    }

    private static void emit(KafkaProducer<String, String> producer, JobCommand.RunJob run, ExecutionPhase phase) {
        var e = new JobEvent.PhaseChanged(UUID.randomUUID().toString(), run.jobId(), run.jobList(), Instant.now(),
                phase, run.executor(), "harness-" + run.jobId().substring(0, 8), List.of(), null);
        producer.send(new ProducerRecord<>(JobTopics.EVENTS, run.jobId(), JobContractCodec.encode(e)));
    }

    private RestartHarness() {
    }
}
