package dev.sluice.session;

/** Whether a piece of source can be run as it is, as judged by JShell's source analysis. */
public enum Completeness {
    /** Every snippet in the source is finished (possibly after adding a final semicolon). */
    COMPLETE,
    /** The source ends inside an unfinished snippet; a front end should ask for more lines. */
    INCOMPLETE,
    /** The source cannot become valid by adding text; running it reports the compile error. */
    INVALID,
    /** The source holds only blanks and comments. */
    EMPTY
}
