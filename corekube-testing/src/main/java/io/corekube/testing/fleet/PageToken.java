package io.corekube.testing.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** fleet's page token: URL-safe base64 (padded) of two little-endian uint16, the limit and the page. */
record PageToken(int limit, int page) {

    String encode() {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) limit).putShort((short) page);
        return Base64.getUrlEncoder().encodeToString(b.array());
    }

    /** The token, or an exception with the message fleet gives for it. */
    static PageToken decode(String value, int serverLimit) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("illegal base64 data at input byte " + firstBadByte(value));
        }
        if (bytes.length < 4) {
            throw new IllegalArgumentException(bytes.length == 0 ? "EOF" : "unexpected EOF");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        PageToken token = new PageToken(Short.toUnsignedInt(b.getShort()), Short.toUnsignedInt(b.getShort()));
        if (token.limit != serverLimit) {
            throw new IllegalArgumentException("token limit must be " + serverLimit);
        }
        if (token.page == 0) {
            throw new IllegalArgumentException("token page must be greater than zero");
        }
        return token;
    }

    private static int firstBadByte(String value) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";
        for (int i = 0; i < value.length(); i++) {
            if (alphabet.indexOf(value.charAt(i)) < 0) {
                return i;
            }
        }
        return Math.max(0, value.length() - (value.length() % 4 == 0 ? 0 : value.length() % 4));
    }
}
