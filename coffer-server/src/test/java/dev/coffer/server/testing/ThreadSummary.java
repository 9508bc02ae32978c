package dev.coffer.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where this JVM's threads are, virtual ones included, in one line: for each Coffer frame that tops a
 * thread's stack (the first {@code dev.coffer} frame below the JDK's and the libraries'), how many
 * threads are there, and the frame it called (where they wait: a lock, a
 * connection pool, a socket). A request of a test that times out says with it where
 * the server was stuck; the whole dump stays in a file for a closer look.
 */
public final class ThreadSummary {

    private ThreadSummary() {}

    public static String now() {
        try {
            Path dir = Files.createTempDirectory("coffer-threads-");
            Path file = dir.resolve("threads.json");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            JsonNode dump = Api.JSON.readTree(file.toFile());
            Map<String, Integer> where = new TreeMap<>();
            for (JsonNode container : dump.at("/threadDump/threadContainers")) {
                for (JsonNode thread : container.path("threads")) {
                    String callee = null;
                    String ours = null;
                    for (JsonNode frame : thread.path("stack")) {
                        String f = frame.asText();
                        if (f.startsWith("dev.coffer.") && !f.startsWith(ThreadSummary.class.getName() + ".")) {
                            ours = f;
                            break;
                        }
                        callee = f;
                    }
                    if (ours != null) where.merge(ours + " <- " + shortFrame(callee), 1, Integer::sum);
                }
            }
            return "threads in Coffer's code: " + where + " (the whole dump: " + file + ")";
        } catch (IOException | RuntimeException e) {
            return "threads could not be dumped: " + e;
        }
    }

    private static String shortFrame(String frame) {
        if (frame == null) return "(running)";
        int paren = frame.indexOf('(');
        String method = paren < 0 ? frame : frame.substring(0, paren);
        int dot = method.lastIndexOf('.', method.lastIndexOf('.') - 1);
        return dot < 0 ? method : method.substring(dot + 1);
    }
}
