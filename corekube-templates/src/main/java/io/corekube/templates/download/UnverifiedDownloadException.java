package io.corekube.templates.download;

import io.corekube.value.InvalidValueException;

/** A download has no digest and the user did not allow it unverified: the message names the artifact and both remedies. */
public final class UnverifiedDownloadException extends InvalidValueException {

    private static final long serialVersionUID = 1L;

    /** For the artifact named {@code artifact}, fetched from {@code url}. */
    public UnverifiedDownloadException(String artifact, String url) {
        super(artifact, "verified download", "no published digest for " + url + "; supply one with checksum(\""
                + artifact + "\", ...) or allow it unverified with allowUnverified(\"" + artifact + "\")");
    }
}
