package dev.sluice.session;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * JShell's standard file manager, passed through ({@code JShell.Builder.fileManager}), except that an
 * option set again to the value it already has is not handed on.
 *
 * <p>javac hands {@code --multi-release} (with the same release every time) to the file manager
 * in every compiler task it makes, and JShell makes four to six a cell. The JDK's file manager then
 * drops its index of the directories in the class path's jars, and the next listing of the
 * snippet package builds it again from every jar: in a kernel, 3-4% of a trivial cell. The index
 * is still dropped when the class path changes ({@code :classpath}, {@code :dependency}: JShell
 * hands on {@code -classpath}, which is passed through, as is any other option).
 */
final class SteadyFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> implements StandardJavaFileManager {
    private static final String MULTI_RELEASE = "--multi-release";

    private String multiRelease;

    SteadyFileManager(StandardJavaFileManager standard) {
        super(standard);
    }

    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        if (!MULTI_RELEASE.equals(current) || !remaining.hasNext()) {
            return super.handleOption(current, remaining);
        }
        String value = remaining.next();
        if (value.equals(multiRelease)) {
            return true;                    // as it is: nothing to change, nothing to drop
        }
        Iterator<String> rest = remaining;
        boolean handled = super.handleOption(current, new Iterator<>() {
            private boolean first = true;

            @Override
            public boolean hasNext() {
                return first || rest.hasNext();
            }

            @Override
            public String next() {
                if (first) {
                    first = false;
                    return value;
                }
                return rest.next();
            }
        });
        if (handled) {
            multiRelease = value;
        }
        return handled;
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    @SuppressWarnings("deprecation")
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Iterable<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        fileManager.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory factory) {
        fileManager.setPathFactory(Objects.requireNonNull(factory, "factory"));
    }
}
