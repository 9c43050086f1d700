package dev.sluice.engine.receiver;

import java.io.Serializable;

/**
 * A block of received records: the unit the block tracker allocates to batches and the write-ahead
 * log stores; one block becomes one partition of its batch's dataset.
 *
 * @param streamKey the stable id of the input stream
 * @param id        the block's number, increasing per stream
 * @param records   the records, in arrival order
 * @param bytes     their estimated size, held in the memory budget until the batch completes
 * @param position  the source position after the last record (for reliable receivers), or null
 */
public record Block(String streamKey, long id, Object[] records, long bytes, Serializable position) {
}
