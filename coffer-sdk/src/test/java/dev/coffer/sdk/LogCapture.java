package dev.coffer.sdk;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what a class logs (through java.util.logging) while an action runs. */
public final class LogCapture {
    private LogCapture() {}

    /** Runs the action with the records of {@code source}'s logger added to {@code into}. */
    public static <T> T during(Class<?> source, List<LogRecord> into, Supplier<T> action) {
        Logger logger = Logger.getLogger(source.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord record) {
                into.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(h);
        try {
            return action.get();
        } finally {
            logger.removeHandler(h);
        }
    }
}
