package dev.sluice.repl;

import java.util.List;

/** One shell command such as {@code :streams}: its name, arguments, help and what it does. */
public interface Command {

    /** The name without the colon, e.g. {@code "streams"}. */
    String name();

    /**
     * The arguments as shown in the usage line, e.g. {@code "<id|name>"}, or {@code ""} for a command
     * that takes none ({@link CommandTable#dispatch} then refuses any before {@link #run} is called).
     */
    String arguments();

    /** One line saying what the command does. */
    String summary();

    /** Longer help; the summary unless a command has more to say. */
    default String help() {
        return summary();
    }

    /** The usage line, e.g. {@code ":stop <id|name>"}. */
    default String usage() {
        return ":" + name() + (arguments().isEmpty() ? "" : " " + arguments());
    }

    /**
     * Runs the command.
     *
     * @throws UsageException         when the arguments are wrong; the shell prints the message and the usage
     * @throws CommandFailedException  when the command could not do its job; the shell prints the message
     */
    void run(ShellContext shell, List<String> args);
}
