package io.watchkeeper.probe.dns;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 (UDP and TCP on the same free port) answering from a table of records;
 * names it does not know get NXDOMAIN. With {@link #truncateUdp} it answers UDP queries with the TC
 * bit and no records, so clients must retry over TCP; with {@link #silent} it never answers.
 */
public final class FakeDnsServer implements AutoCloseable {
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Map<String, List<DnsRecord>> records = new ConcurrentHashMap<>();
  public volatile boolean truncateUdp;
  public volatile boolean silent;
  public final AtomicInteger tcpQueries = new AtomicInteger();

  public FakeDnsServer() {
    try {
      InetAddress lo = InetAddress.getLoopbackAddress();
      ServerSocket t = null;
      DatagramSocket u = null;
      for (int attempt = 0; attempt < 20 && u == null; attempt++) {
        t = new ServerSocket();
        t.bind(new InetSocketAddress(lo, 0));
        try {
          u = new DatagramSocket(new InetSocketAddress(lo, t.getLocalPort()));
        } catch (java.net.BindException e) {
          t.close();
        }
      }
      if (u == null) {
        throw new IOException("no port free for both UDP and TCP");
      }
      udp = u;
      tcp = t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().start(this::serveUdp);
    Thread.ofVirtual().start(this::serveTcp);
  }

  /** Adds an answer record. */
  public FakeDnsServer add(String name, DnsRecordType type, String data) {
    String key = DnsMessage.absolute(name).toLowerCase(Locale.ROOT);
    records.computeIfAbsent(key, k -> new ArrayList<>()).add(new DnsRecord(DnsMessage.absolute(name), type.code(), 300, data));
    return this;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort());
  }

  private byte[] answer(byte[] query, int len, boolean overUdp) throws DnsFormatException {
    DnsMessage q = DnsMessage.decode(query, len);
    DnsMessage.Question question = q.questions().get(0);
    List<DnsRecord> known = records.get(question.name().toLowerCase(Locale.ROOT));
    int flags = DnsMessage.RESPONSE | DnsMessage.RECURSION_DESIRED | 0x0080;
    if (known == null) {
      return new DnsMessage(q.id(), flags | 3, q.questions(), List.of(), List.of(), List.of()).encode();
    }
    if (overUdp && truncateUdp) {
      return new DnsMessage(q.id(), flags | DnsMessage.TRUNCATED, q.questions(), List.of(), List.of(), List.of()).encode();
    }
    List<DnsRecord> answers = known.stream()
        .filter(r -> question.type() == DnsRecordType.ANY.code() || r.type() == question.type()).toList();
    return new DnsMessage(q.id(), flags, q.questions(), answers, List.of(), List.of()).encode();
  }

  private void serveUdp() {
    byte[] buf = new byte[4096];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        if (silent) {
          continue;
        }
        byte[] out = answer(p.getData(), p.getLength(), true);
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        tcpQueries.incrementAndGet();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int len = in.readUnsignedShort();
        byte[] q = new byte[len];
        in.readFully(q);
        byte[] out = answer(q, len, false);
        OutputStream o = s.getOutputStream();
        o.write(new byte[] {(byte) (out.length >> 8), (byte) out.length});
        o.write(out);
      } catch (IOException e) {
        if (tcp.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing a test server
    }
  }
}
