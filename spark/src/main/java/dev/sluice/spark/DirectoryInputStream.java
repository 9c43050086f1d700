package dev.sluice.spark;

import dev.sluice.sources.FileSelection;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * {@code textFileStream} and {@code binaryRecordsStream} on Spark: at every batch the driver lists
 * the directory and chooses the new files with the embedded engine's rules ({@link FileSelection}:
 * hidden and temporary names skipped, files there at the first start left out, a file taken once,
 * when renamed in or unchanged for the stable time, in order of modification time); the batch has
 * one partition per file, whose task reads it. The selection is kept per source operator across
 * restarts of Spark's streaming context (Spark's own file stream, made anew at a restart, would skip
 * the files that arrived while it restarted and forget which it had read).
 */
final class DirectoryInputStream extends InputDStream<Object> {

    private static final long serialVersionUID = 1L;

    /** The driver-side selection of one file source, kept across restarts by {@link Translation#sources}. */
    private final transient Position position;
    private final String dir;
    /** 0 for lines of text, else the length of {@code binaryRecordsStream}'s records. */
    private final int recordLength;

    DirectoryInputStream(StreamingContext ssc, Position position, int recordLength) {
        super(ssc, ClassTag$.MODULE$.apply(Object.class));
        this.position = position;
        this.dir = position.selection.dir().toAbsolutePath().toString();
        this.recordLength = recordLength;
    }

    @Override
    public void start() {
        position.selection.start(name -> false);    // only the first start leaves out the files there
    }

    @Override
    public void stop() {
        // the selection lives on across restarts of Spark's streaming context
    }

    @Override
    public Option<RDD<Object>> compute(Time validTime) {
        List<String> names = position.selection.scan(dev.sluice.engine.Micros.ofMillis(validTime.milliseconds()));   // the selection keeps batch times in microseconds
        // the records are counted in the tasks that read them; the driver knows only the files
        InputInfo.report(this, validTime, 0);
        JavaSparkContext sc = new JavaSparkContext(context().sparkContext());
        if (names.isEmpty()) {
            return Option.apply(sc.emptyRDD().rdd());
        }
        List<String> paths = new ArrayList<>(names.size());
        for (String name : names) {
            paths.add(Paths.get(dir, name).toString());
        }
        return Option.apply(sc.parallelize(paths, paths.size()).flatMap(new ReadFile(recordLength)).rdd());
    }

    /** The driver side of one file source: its {@link FileSelection}; nothing to release. */
    static final class Position implements AutoCloseable {
        final FileSelection selection;

        Position(FileSelection selection) {
            this.selection = selection;
        }

        @Override
        public void close() {
        }
    }

    /**
     * A task's reading of one taken file, as on the embedded engine. What goes wrong there (a file
     * deleted before it was read, invalid UTF-8, a length that is not a multiple of the record
     * length) is logged by the executor, and the batch goes on without the file's records (with
     * U+FFFD for invalid bytes).
     */
    static final class ReadFile implements FlatMapFunction<String, Object> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(DirectoryInputStream.class);
        private final int recordLength;

        ReadFile(int recordLength) {
            this.recordLength = recordLength;
        }

        @Override
        public Iterator<Object> call(String path) {
            Path p = Paths.get(path);
            try {
                List<?> records = FileSelection.records(p, recordLength, (message, error) -> LOG.warn(message, error));
                return Fns.<List<Object>>cast(records).iterator();
            } catch (NoSuchFileException e) {
                LOG.warn("File {} was deleted before it could be read; its records are not in the batch", p);
            } catch (IOException | RuntimeException e) {
                LOG.warn("File {} could not be read; its records are not in the batch", p, e);
            }
            return java.util.Collections.emptyIterator();
        }
    }
}
