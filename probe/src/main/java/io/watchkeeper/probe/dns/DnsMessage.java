package io.watchkeeper.probe.dns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A DNS message (RFC 1035 section 4): header, questions and the answer, authority and additional
 * sections, with RDATA kept as dig's text. {@link #decode} follows name compression (with a bound
 * on pointer chains); {@link #encode} writes names uncompressed and RDATA of the types A, AAAA, NS,
 * CNAME, PTR, MX, TXT and SRV from their text. Immutable.
 *
 * @param id the message ID
 * @param flags the 16 flag bits of the header (QR, opcode, AA, TC, RD, RA, rcode)
 */
public record DnsMessage(int id, int flags, List<Question> questions, List<DnsRecord> answers, List<DnsRecord> authority,
    List<DnsRecord> additional) {
  /** The RD bit: recursion desired. */
  public static final int RECURSION_DESIRED = 0x0100;
  /** The QR bit: this is a response. */
  public static final int RESPONSE = 0x8000;
  /** The TC bit: the answer was truncated to fit a UDP datagram. */
  public static final int TRUNCATED = 0x0200;

  private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN",
    "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};

  /** One question: a name and a record type, class IN. */
  public record Question(String name, int type) {
    public Question {
      Objects.requireNonNull(name, "name");
    }
  }

  public DnsMessage {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  /** A recursive query for {@code name}'s records of {@code type}. */
  public static DnsMessage query(int id, String name, DnsRecordType type) {
    return new DnsMessage(id & 0xffff, RECURSION_DESIRED, List.of(new Question(absolute(name), type.code())), List.of(),
        List.of(), List.of());
  }

  /** The response code (the low four flag bits). */
  public int rcode() {
    return flags & 0xf;
  }

  /** The response code's name: {@code NOERROR}, {@code NXDOMAIN}, ... */
  public String rcodeName() {
    return rcodeName(rcode());
  }

  /** The name of response code {@code rcode}. */
  public static String rcodeName(int rcode) {
    return rcode < RCODES.length ? RCODES[rcode] : "RCODE" + rcode;
  }

  /** Whether the server cut the answer short (retry over TCP). */
  public boolean isTruncated() {
    return (flags & TRUNCATED) != 0;
  }

  /** {@code name} with a trailing dot. */
  public static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  // ---- encoding ----

  /**
   * The message in wire format.
   *
   * @throws IllegalArgumentException if a name or RDATA text cannot be encoded
   */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    u16(out, id);
    u16(out, flags);
    u16(out, questions.size());
    u16(out, answers.size());
    u16(out, authority.size());
    u16(out, additional.size());
    for (Question q : questions) {
      name(out, q.name());
      u16(out, q.type());
      u16(out, 1);
    }
    for (List<DnsRecord> section : List.of(answers, authority, additional)) {
      for (DnsRecord r : section) {
        name(out, r.name());
        u16(out, r.type());
        u16(out, 1);
        u32(out, r.ttl());
        byte[] data = rdata(r.type(), r.data());
        u16(out, data.length);
        out.writeBytes(data);
      }
    }
    return out.toByteArray();
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write((v >> 8) & 0xff);
    out.write(v & 0xff);
  }

  private static void u32(ByteArrayOutputStream out, long v) {
    u16(out, (int) (v >>> 16));
    u16(out, (int) v);
  }

  private static void name(ByteArrayOutputStream out, String name) {
    String n = absolute(name);
    if (n.length() > 254) {
      throw new IllegalArgumentException("DNS name longer than 253 characters: " + name);
    }
    if (!n.equals(".")) {
      for (String label : n.substring(0, n.length() - 1).split("\\.", -1)) {
        byte[] b = label.getBytes(StandardCharsets.US_ASCII);
        if (b.length == 0 || b.length > 63) {
          throw new IllegalArgumentException("DNS name \"" + name + "\" has an empty label or one longer than 63 characters");
        }
        out.write(b.length);
        out.writeBytes(b);
      }
    }
    out.write(0);
  }

  private static byte[] rdata(int type, String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] f = text.strip().split("\\s+");
    switch (DnsRecordType.ofCode(type).orElseThrow(() -> new IllegalArgumentException("cannot encode type " + type))) {
      case A, AAAA -> out.writeBytes(address(text.strip(), type == DnsRecordType.A.code() ? 4 : 16));
      case NS, CNAME, PTR -> name(out, text.strip());
      case MX -> {
        u16(out, Integer.parseInt(f[0]));
        name(out, f[1]);
      }
      case SRV -> {
        u16(out, Integer.parseInt(f[0]));
        u16(out, Integer.parseInt(f[1]));
        u16(out, Integer.parseInt(f[2]));
        name(out, f[3]);
      }
      case TXT -> {
        for (String s : quotedStrings(text)) {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          out.write(b.length);
          out.writeBytes(b);
        }
      }
      default -> throw new IllegalArgumentException("cannot encode " + DnsRecordType.name(type) + " records");
    }
    return out.toByteArray();
  }

  private static byte[] address(String text, int length) {
    try {
      byte[] a = InetAddress.getByName(text).getAddress(); // a literal: no lookup
      if (a.length != length) {
        throw new IllegalArgumentException("not an IPv" + (length == 4 ? 4 : 6) + " address: " + text);
      }
      return a;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
  }

  private static List<String> quotedStrings(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('"', i);
      if (open < 0) {
        break;
      }
      int close = text.indexOf('"', open + 1);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed quote in TXT data " + text);
      }
      out.add(text.substring(open + 1, close));
      i = close + 1;
    }
    return out;
  }

  // ---- decoding ----

  /**
   * Parses a message.
   *
   * @throws DnsFormatException if the bytes are not a well-formed message
   */
  public static DnsMessage decode(byte[] msg, int length) throws DnsFormatException {
    Reader r = new Reader(msg, length);
    int id = r.u16();
    int flags = r.u16();
    int qd = r.u16();
    int an = r.u16();
    int ns = r.u16();
    int ar = r.u16();
    List<Question> questions = new ArrayList<>();
    for (int i = 0; i < qd; i++) {
      String name = r.name();
      int type = r.u16();
      r.u16(); // class
      questions.add(new Question(name, type));
    }
    return new DnsMessage(id, flags, questions, records(r, an), records(r, ns), records(r, ar));
  }

  private static List<DnsRecord> records(Reader r, int count) throws DnsFormatException {
    List<DnsRecord> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = r.name();
      int type = r.u16();
      r.u16(); // class
      long ttl = r.u32();
      int len = r.u16();
      int start = r.pos;
      int end = start + len;
      if (end > r.length) {
        throw new DnsFormatException("record data runs past the end of the message");
      }
      out.add(new DnsRecord(name, type, ttl, r.rdataText(type, start, end)));
      r.pos = end;
    }
    return out;
  }

  /** Reads a message buffer; follows compression pointers. Not thread-safe. */
  private static final class Reader {
    private final byte[] b;
    private final int length;
    int pos;

    Reader(byte[] b, int length) {
      this.b = b;
      this.length = length;
    }

    int u8() throws DnsFormatException {
      if (pos >= length) {
        throw new DnsFormatException("message ends early at byte " + pos);
      }
      return b[pos++] & 0xff;
    }

    int u16() throws DnsFormatException {
      return (u8() << 8) | u8();
    }

    long u32() throws DnsFormatException {
      return ((long) u16() << 16) | u16();
    }

    /** A name at the current position, absolute with a trailing dot. */
    String name() throws DnsFormatException {
      StringBuilder sb = new StringBuilder();
      int p = pos;
      int after = -1; // where reading continues after the first pointer
      int jumps = 0;
      while (true) {
        if (p >= length) {
          throw new DnsFormatException("name runs past the end of the message");
        }
        int len = b[p] & 0xff;
        if ((len & 0xc0) == 0xc0) {
          if (p + 1 >= length) {
            throw new DnsFormatException("truncated name pointer");
          }
          if (++jumps > 64) {
            throw new DnsFormatException("name compression loop");
          }
          if (after < 0) {
            after = p + 2;
          }
          p = ((len & 0x3f) << 8) | (b[p + 1] & 0xff);
          continue;
        }
        if (len == 0) {
          p++;
          break;
        }
        if (len > 63 || p + 1 + len > length) {
          throw new DnsFormatException("malformed name label");
        }
        sb.append(new String(b, p + 1, len, StandardCharsets.US_ASCII)).append('.');
        if (sb.length() > 255) {
          throw new DnsFormatException("name longer than 255 bytes");
        }
        p += 1 + len;
      }
      pos = after >= 0 ? after : p;
      return sb.isEmpty() ? "." : sb.toString();
    }

    String rdataText(int type, int start, int end) throws DnsFormatException {
      int saved = pos;
      pos = start;
      try {
        return switch (DnsRecordType.ofCode(type).orElse(DnsRecordType.ANY)) {
          case A, AAAA -> {
            if (end - start != (type == DnsRecordType.A.code() ? 4 : 16)) {
              throw new DnsFormatException("address record of " + (end - start) + " bytes");
            }
            byte[] a = new byte[end - start];
            System.arraycopy(b, start, a, 0, a.length);
            try {
              yield InetAddress.getByAddress(a).getHostAddress();
            } catch (UnknownHostException e) {
              throw new DnsFormatException("bad address record");
            }
          }
          case NS, CNAME, PTR -> name();
          case MX -> u16() + " " + name();
          case SRV -> u16() + " " + u16() + " " + u16() + " " + name();
          case SOA -> name() + " " + name() + " " + u32() + " " + u32() + " " + u32() + " " + u32() + " " + u32();
          case TXT -> {
            List<String> parts = new ArrayList<>();
            while (pos < end) {
              int len = u8();
              if (pos + len > end) {
                throw new DnsFormatException("TXT string runs past its record");
              }
              parts.add("\"" + new String(b, pos, len, StandardCharsets.UTF_8) + "\"");
              pos += len;
            }
            yield String.join(" ", parts);
          }
          case CAA -> {
            int flags = u8();
            int tagLen = u8();
            String tag = new String(b, pos, Math.min(tagLen, end - pos), StandardCharsets.US_ASCII);
            pos += tagLen;
            yield flags + " " + tag + " \"" + new String(b, pos, Math.max(0, end - pos), StandardCharsets.UTF_8) + "\"";
          }
          case ANY -> "\\# " + (end - start) + " " + HexFormat.of().formatHex(b, start, end);
        };
      } finally {
        pos = saved;
      }
    }
  }
}
