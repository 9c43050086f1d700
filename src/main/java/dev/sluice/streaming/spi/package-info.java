/**
 * The service interface through which a context runs on an engine other than the embedded one
 * (the Spark runner): {@link dev.sluice.streaming.spi.Runner}, found with
 * {@link java.util.ServiceLoader} when {@code StreamingContext.builder().master(...)} names a
 * master other than {@code "embedded"}.
 */
package dev.sluice.streaming.spi;
