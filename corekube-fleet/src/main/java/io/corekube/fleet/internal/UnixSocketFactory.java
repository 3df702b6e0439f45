package io.corekube.fleet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Sockets that connect to one Unix domain socket whatever address they are asked for, so that an HTTP client
 * speaks to fleet's {@code /var/run/fleet.sock} (JDK 16+ Unix channels, no native library).
 */
public final class UnixSocketFactory extends SocketFactory {

    private final Path path;

    /** Sockets to {@code path}. */
    public UnixSocketFactory(Path path) {
        this.path = path;
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(path);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        UnixSocket socket = new UnixSocket(path);
        socket.connect(null);
        return socket;
    }

    /** A {@link Socket} over a Unix {@link SocketChannel}. */
    static final class UnixSocket extends Socket {
        private final Path path;
        private SocketChannel channel;
        private InputStream in;
        private OutputStream out;

        UnixSocket(Path path) {
            this.path = path;
        }

        @Override
        public void connect(SocketAddress ignored) throws IOException {
            connect(ignored, 0);
        }

        @Override
        public void connect(SocketAddress ignored, int timeout) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            in = Channels.newInputStream(channel);
            out = Channels.newOutputStream(channel);
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public boolean isConnected() {
            return channel != null && channel.isConnected();
        }

        @Override
        public boolean isClosed() {
            return channel != null && !channel.isOpen();
        }

        @Override
        public boolean isInputShutdown() {
            return isClosed();
        }

        @Override
        public boolean isOutputShutdown() {
            return isClosed();
        }

        @Override
        public void shutdownInput() throws IOException {
            channel.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        public void setSoTimeout(int timeout) {
            // Unix channels have no read timeout; the client's call timeout bounds every request.
        }

        @Override
        public void setTcpNoDelay(boolean on) {
            // not a TCP socket
        }

        @Override
        public void setKeepAlive(boolean on) {
            // not a TCP socket
        }

        @Override
        public InetAddress getInetAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return InetAddress.getLoopbackAddress();
        }
    }
}
