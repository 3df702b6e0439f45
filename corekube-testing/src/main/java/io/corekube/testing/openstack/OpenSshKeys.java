package io.corekube.testing.openstack;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** OpenSSH public keys for the test cloud's key pairs (RFC 4253's ssh-rsa encoding). */
final class OpenSshKeys {

    private OpenSshKeys() {
    }

    /** A fresh 2048-bit RSA public key, {@code ssh-rsa AAAA... comment}; the private key is thrown away. */
    static String freshRsaPublicKey(String comment) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            write(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
            write(out, key.getPublicExponent().toByteArray());
            write(out, key.getModulus().toByteArray());
            return "ssh-rsa " + Base64.getEncoder().encodeToString(bytes.toByteArray()) + " " + comment;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no RSA", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DataOutputStream out, byte[] field) throws IOException {
        out.writeInt(field.length);
        out.write(field);
    }
}
