package io.peergate.backbone.config;

/** Whether a backbone interface accepts peers or keeps a link to a remote backbone. */
public enum InterfaceMode {

    SERVER, CLIENT

}
