package io.watchkeeper.alerting.notify;

import io.watchkeeper.model.Labels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link Notification} that outbox stores keep: a version byte, then
 * length-prefixed UTF-8 strings, label counts and pairs, and instants as seconds and nanos
 * ({@link DataOutputStream} encoding). Version 1 is documented here: receiver, groupKey,
 * externalUrl, groupLabels, alert count, then per alert resolved flag, labels, annotations,
 * startsAt, endsAt, generatorUrl, fingerprint. Stateless.
 */
public final class NotificationCodec {
  private static final int VERSION = 1;

  private NotificationCodec() {}

  /** Encodes a notification. */
  public static byte[] encode(Notification n) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256 + n.alerts().size() * 128);
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeByte(VERSION);
      writeString(out, n.receiver());
      writeString(out, n.groupKey());
      writeString(out, n.externalUrl());
      writeLabels(out, n.groupLabels());
      out.writeInt(n.alerts().size());
      for (NotifiedAlert a : n.alerts()) {
        out.writeBoolean(a.resolved());
        writeLabels(out, a.labels());
        writeLabels(out, a.annotations());
        writeInstant(out, a.startsAt());
        writeInstant(out, a.endsAt());
        writeString(out, a.generatorUrl());
        out.writeLong(a.fingerprint());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("BUG: cannot write to memory", e);
    }
    return buf.toByteArray();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException if the bytes are not an encoded notification
   */
  public static Notification decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("cannot decode notification: unknown version " + version);
      }
      String receiver = readString(in);
      String groupKey = readString(in);
      String externalUrl = readString(in);
      Labels groupLabels = readLabels(in);
      int n = in.readInt();
      List<NotifiedAlert> alerts = new ArrayList<>(Math.min(n, 1 << 16));
      for (int i = 0; i < n; i++) {
        alerts.add(new NotifiedAlert(in.readBoolean(), readLabels(in), readLabels(in), readInstant(in), readInstant(in),
            readString(in), in.readLong()));
      }
      return new Notification(receiver, groupKey, groupLabels, alerts, externalUrl);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot decode notification: truncated", e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeLabels(DataOutputStream out, Labels l) throws IOException {
    out.writeInt(l.size());
    for (int i = 0; i < l.size(); i++) {
      writeString(out, l.name(i));
      writeString(out, l.value(i));
    }
  }

  private static Labels readLabels(DataInputStream in) throws IOException {
    int n = in.readInt();
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < n; i++) {
      b.set(readString(in), readString(in));
    }
    return b.build();
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
