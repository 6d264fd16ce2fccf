package io.peergate.state;

/**
 * Puts changes made elsewhere in the cluster into effect on this node. Called with the
 * {@link RuntimeState}'s lock held, one change at a time.
 */
public interface ChangeApplier {

    /**
     * Puts {@code change} into effect.
     * @return what it did, for the log
     * @throws RuntimeException when it does not fit this node (it stays stored)
     */
    String apply(StoredChange change);

    /**
     * Puts back what {@code application.yml} has for what {@code change} changed, which
     * is no longer stored.
     */
    void revert(StoredChange change);

}
