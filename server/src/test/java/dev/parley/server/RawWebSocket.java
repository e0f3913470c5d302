package dev.parley.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket spoken byte by byte over a plain socket, for what well-behaved clients cannot do:
 * announce frames larger than allowed, or stop reading altogether.
 */
final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects and completes the handshake; {@code receiveBuffer} bytes of kernel buffer (small = slow reader). */
    RawWebSocket(URI ws, String token, int receiveBuffer) {
        try {
            socket = new Socket();
            socket.setReceiveBufferSize(receiveBuffer);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("parley-raw-key-1".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + key + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = readHeaders(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("handshake refused: " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a masked text frame. */
    void sendText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        writeHeader(0x81, payload.length);
        write(payload);
    }

    /** Sends one frame with any opcode, FIN flag and payload (continuations, binary, invalid UTF-8...). */
    void sendFrame(int opcode, boolean fin, byte[] payload) {
        writeHeader((fin ? 0x80 : 0) | opcode, payload.length);
        write(payload);
    }

    /** Sends only the header of a text frame that claims {@code length} bytes of payload. */
    void announceText(long length) {
        writeHeader(0x81, length);
    }

    /** Reads the next text frame (skipping pings and other control frames); null when the server closed. */
    String readText() {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode() == 0x1) {
                    return new String(frame.payload(), StandardCharsets.UTF_8);
                }
                if (frame.opcode() == 0x8) {
                    return null;
                }
            }
        } catch (java.io.EOFException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads frames until a close frame arrives and returns its code. */
    int awaitCloseCode() {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode() == 0x8) {
                    return ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One frame from the server (servers never mask): its opcode and payload. */
    private record Frame(int opcode, byte[] payload) {
    }

    private Frame readFrame() throws IOException {
        int opcode = in.readUnsignedByte() & 0x0F;
        long length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        return new Frame(opcode, in.readNBytes((int) length));
    }

    /** Whether the server has closed this socket: reading hits the end (or a reset) within the timeout. */
    boolean serverClosed() {
        try {
            byte[] buffer = new byte[65536];
            while (in.read(buffer) >= 0) {
                // discard whatever was still buffered
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void writeHeader(int first, long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(first);
        if (length < 126) {
            header.write(0x80 | (int) length);
        } else if (length < 65536) {
            header.write(0x80 | 126);
            header.write((int) (length >>> 8));
            header.write((int) length & 0xFF);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift) & 0xFF);
            }
        }
        header.writeBytes(new byte[4]); // masking key 0: the payload goes out as is
        write(header.toByteArray());
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            headers.append((char) c);
        }
        return headers.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
