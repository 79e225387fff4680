package io.watchkeeper.probe.dns;

import io.watchkeeper.probe.net.Connector;
import io.watchkeeper.probe.net.Deadline;
import io.watchkeeper.probe.net.ProbeIoException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Sends one DNS query and returns the answer: over UDP (retrying over TCP when the answer comes
 * back truncated) or over TCP only. Answers whose ID or question do not match are ignored, as
 * spoofing protection and for late answers to earlier queries. Thread-safe: each query uses its own
 * socket.
 */
public final class DnsClient {
  private static final int MAX_UDP = 4096;

  private final RandomGenerator random;

  /** @param random where query IDs come from */
  public DnsClient(RandomGenerator random) {
    this.random = random;
  }

  /**
   * Asks {@code server} for {@code name}'s records of {@code type}.
   *
   * @param tcpOnly query over TCP instead of UDP
   * @throws ProbeIoException on timeout, an unreachable server or a malformed answer
   */
  public DnsMessage query(InetSocketAddress server, String name, DnsRecordType type, boolean tcpOnly, Deadline deadline)
      throws ProbeIoException {
    DnsMessage query = DnsMessage.query(random.nextInt(1 << 16), name, type);
    String where = server.getAddress() == null ? server.getHostString() + ":" + server.getPort()
        : Connector.endpoint(server.getAddress(), server.getPort());
    if (!tcpOnly) {
      DnsMessage answer = udp(server, where, query, deadline);
      if (!answer.isTruncated()) {
        return answer;
      }
    }
    return tcp(server, where, query, deadline);
  }

  private static DnsMessage udp(InetSocketAddress server, String where, DnsMessage query, Deadline deadline) throws ProbeIoException {
    byte[] out = query.encode();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server);
      socket.send(new DatagramPacket(out, out.length));
      byte[] buf = new byte[MAX_UDP];
      while (true) {
        socket.setSoTimeout(deadline.socketTimeoutMillis("waiting for the DNS answer from " + where));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        DnsMessage answer = parse(buf, p.getLength(), where);
        if (matches(query, answer)) {
          return answer;
        }
      }
    } catch (ProbeIoException e) {
      throw e;
    } catch (SocketTimeoutException e) {
      throw deadline.timedOut("waiting for the DNS answer from " + where);
    } catch (IOException e) {
      throw new ProbeIoException(ProbeIoException.Kind.CONNECT, "cannot query DNS server " + where + ": " + e.getMessage(), e);
    }
  }

  private static DnsMessage tcp(InetSocketAddress server, String where, DnsMessage query, Deadline deadline) throws ProbeIoException {
    byte[] out = query.encode();
    try (Socket socket = new Socket()) {
      socket.connect(server, deadline.socketTimeoutMillis("connecting to DNS server " + where));
      socket.setSoTimeout(deadline.socketTimeoutMillis("waiting for the DNS answer from " + where));
      OutputStream o = socket.getOutputStream();
      o.write(new byte[] {(byte) (out.length >> 8), (byte) out.length});
      o.write(out);
      o.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int len = in.readUnsignedShort();
      byte[] buf = new byte[len];
      in.readFully(buf);
      DnsMessage answer = parse(buf, len, where);
      if (!matches(query, answer)) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "DNS server " + where + " answered another question");
      }
      return answer;
    } catch (ProbeIoException e) {
      throw e;
    } catch (SocketTimeoutException e) {
      throw deadline.timedOut("waiting for the DNS answer from " + where + " over TCP");
    } catch (EOFException e) {
      throw new ProbeIoException(ProbeIoException.Kind.RESET, "DNS server " + where + " closed the TCP connection early", e);
    } catch (IOException e) {
      throw new ProbeIoException(ProbeIoException.Kind.CONNECT, "cannot query DNS server " + where + " over TCP: "
          + e.getMessage(), e);
    }
  }

  private static DnsMessage parse(byte[] buf, int len, String where) throws ProbeIoException {
    try {
      return DnsMessage.decode(buf, len);
    } catch (DnsFormatException e) {
      throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed DNS answer from " + where + ": " + e.getMessage(), e);
    }
  }

  private static boolean matches(DnsMessage query, DnsMessage answer) {
    if (answer.id() != query.id() || (answer.flags() & DnsMessage.RESPONSE) == 0) {
      return false;
    }
    // A FORMERR answer may carry no question; otherwise it must repeat ours.
    return answer.questions().isEmpty() || answer.questions().get(0).name().equalsIgnoreCase(query.questions().get(0).name());
  }

  /**
   * The name servers of {@code /etc/resolv.conf} (the system resolver's), port 53; 127.0.0.1 when
   * the file names none or cannot be read.
   */
  public static List<InetSocketAddress> systemNameservers() {
    List<InetSocketAddress> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
        String[] f = line.strip().split("\\s+");
        if (f.length >= 2 && f[0].equals("nameserver")) {
          out.add(new InetSocketAddress(f[1], 53));
        }
      }
    } catch (IOException e) {
      // no resolv.conf (not Linux, or a container without one): the local resolver is the best guess
    }
    if (out.isEmpty()) {
      out.add(new InetSocketAddress("127.0.0.1", 53));
    }
    return out;
  }
}
