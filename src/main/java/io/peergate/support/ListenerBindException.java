package io.peergate.support;

/**
 * A listener (the gateway's peer port, a backbone server interface) could not bind its
 * address.
 */
public class ListenerBindException extends RuntimeException {

    private final String listener;

    private final String address;

    private final String portKey;

    /**
     * @param listener what tried to bind ("BitTorrent gateway", "backbone interface
     * 'public'")
     * @param address the host:port it tried
     * @param portKey the configuration key that sets the port, for the operator's fix
     */
    public ListenerBindException(String listener, String address, String portKey, Throwable cause) {
        super(listener + " could not bind " + address + ": " + rootMessage(cause), cause);
        this.listener = listener;
        this.address = address;
        this.portKey = portKey;
    }

    public String listener() {
        return listener;
    }

    public String address() {
        return address;
    }

    public String portKey() {
        return portKey;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "unknown error" : String.valueOf(root.getMessage());
    }

}
