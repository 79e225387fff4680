package io.watchkeeper.web.api;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/**
 * Encodes remote-write 1.0 {@code WriteRequest}s with protobuf-java's {@link CodedOutputStream}
 * (field numbers of Prometheus' {@code prompb}) and compresses them with snappy, as a sender does.
 */
final class RemoteWriteBodies {
  private final ByteArrayOutputStream request = new ByteArrayOutputStream();

  /** Adds a series with one sample; labels as name/value pairs, in the given order. */
  RemoteWriteBodies sample(long t, double v, String... namesAndValues) {
    try {
      ByteArrayOutputStream ts = new ByteArrayOutputStream();
      CodedOutputStream series = CodedOutputStream.newInstance(ts);
      for (int i = 0; i < namesAndValues.length; i += 2) {
        series.writeTag(1, 2);
        series.writeUInt32NoTag(
            CodedOutputStream.computeStringSize(1, namesAndValues[i]) + CodedOutputStream.computeStringSize(2, namesAndValues[i + 1]));
        series.writeString(1, namesAndValues[i]);
        series.writeString(2, namesAndValues[i + 1]);
      }
      series.writeTag(2, 2);
      series.writeUInt32NoTag(CodedOutputStream.computeDoubleSize(1, v) + CodedOutputStream.computeInt64Size(2, t));
      series.writeDouble(1, v);
      series.writeInt64(2, t);
      series.flush();
      CodedOutputStream out = CodedOutputStream.newInstance(request);
      out.writeByteArray(1, ts.toByteArray());
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] proto() {
    return request.toByteArray();
  }

  byte[] snappy() {
    try {
      return Snappy.compress(proto());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
