package io.peergate.bittorrent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordingFile;

/**
 * The throwables the JVM creates while {@code work} runs, thrown or not, on every thread,
 * by class name: Flight Recorder's {@code jdk.JavaExceptionThrow}, which it records at
 * construction. Netty's leak detector's trace records are left out: tests run it on
 * PARANOID, where it makes one per buffer access.
 */
final class Throwables {

    private static final String LEAK_TRACE = "io.netty.util.ResourceLeakDetector$TraceRecord";

    private Throwables() {
    }

    interface Work {

        void run() throws Exception;

    }

    static List<String> createdDuring(Work work) throws Exception {
        Path file = Files.createTempFile("peergate-throwables", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaExceptionThrow").withStackTrace();
            recording.start();
            work.run();
            recording.stop();
            recording.dump(file);
            return RecordingFile.readAllEvents(file)
                .stream()
                .filter(event -> event.getEventType().getName().equals("jdk.JavaExceptionThrow"))
                .map(event -> event.<RecordedClass>getValue("thrownClass").getName())
                .filter(name -> !name.equals(LEAK_TRACE))
                .toList();
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

}
