package io.vstack.cluster;

/** Marker for messages between cluster members, serialized by {@link WireSerializer}. */
public interface ClusterMessage {
}
