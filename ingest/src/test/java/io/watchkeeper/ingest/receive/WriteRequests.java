package io.watchkeeper.ingest.receive;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/**
 * Builds real remote-write {@code WriteRequest} messages with protobuf-java's own encoder, from a
 * descriptor of Prometheus' {@code prompb} messages declared here (no code generation), so the
 * hand-written decoder is tested against an independent encoder.
 */
final class WriteRequests {
  static final Descriptor WRITE_REQUEST;
  static final Descriptor TIME_SERIES;
  static final Descriptor LABEL;
  static final Descriptor SAMPLE;
  static final Descriptor HISTOGRAM;
  static final Descriptor METADATA;

  static {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("prompb_test.proto")
            .setPackage("prometheus")
            .setSyntax("proto3")
            .addMessageType(message("Label", field("name", 1, FieldDescriptorProto.Type.TYPE_STRING), field("value", 2, FieldDescriptorProto.Type.TYPE_STRING)))
            .addMessageType(message("Sample", field("value", 1, FieldDescriptorProto.Type.TYPE_DOUBLE), field("timestamp", 2, FieldDescriptorProto.Type.TYPE_INT64)))
            .addMessageType(message("Histogram", field("count_int", 1, FieldDescriptorProto.Type.TYPE_UINT64), field("timestamp", 15, FieldDescriptorProto.Type.TYPE_INT64)))
            .addMessageType(message("Exemplar", repeated("labels", 1, ".prometheus.Label"), field("value", 2, FieldDescriptorProto.Type.TYPE_DOUBLE)))
            .addMessageType(
                message(
                    "TimeSeries",
                    repeated("labels", 1, ".prometheus.Label"),
                    repeated("samples", 2, ".prometheus.Sample"),
                    repeated("exemplars", 3, ".prometheus.Exemplar"),
                    repeated("histograms", 4, ".prometheus.Histogram")))
            .addMessageType(
                message(
                    "MetricMetadata",
                    field("type", 1, FieldDescriptorProto.Type.TYPE_INT32),
                    field("metric_family_name", 2, FieldDescriptorProto.Type.TYPE_STRING),
                    field("help", 4, FieldDescriptorProto.Type.TYPE_STRING),
                    field("unit", 5, FieldDescriptorProto.Type.TYPE_STRING)))
            .addMessageType(
                message("WriteRequest", repeated("timeseries", 1, ".prometheus.TimeSeries"), repeated("metadata", 3, ".prometheus.MetricMetadata")))
            .build();
    try {
      FileDescriptor fd = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
      LABEL = fd.findMessageTypeByName("Label");
      SAMPLE = fd.findMessageTypeByName("Sample");
      HISTOGRAM = fd.findMessageTypeByName("Histogram");
      TIME_SERIES = fd.findMessageTypeByName("TimeSeries");
      METADATA = fd.findMessageTypeByName("MetricMetadata");
      WRITE_REQUEST = fd.findMessageTypeByName("WriteRequest");
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private final DynamicMessage.Builder request = DynamicMessage.newBuilder(WRITE_REQUEST);

  private WriteRequests() {}

  static WriteRequests builder() {
    return new WriteRequests();
  }

  /** Adds a series; {@code namesAndValues} go on the wire in the given order. */
  WriteRequests series(String[] namesAndValues, long[] timestamps, double[] values) {
    DynamicMessage.Builder ts = DynamicMessage.newBuilder(TIME_SERIES);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      ts.addRepeatedField(
          TIME_SERIES.findFieldByName("labels"),
          DynamicMessage.newBuilder(LABEL)
              .setField(LABEL.findFieldByName("name"), namesAndValues[i])
              .setField(LABEL.findFieldByName("value"), namesAndValues[i + 1])
              .build());
    }
    for (int i = 0; i < timestamps.length; i++) {
      ts.addRepeatedField(
          TIME_SERIES.findFieldByName("samples"),
          DynamicMessage.newBuilder(SAMPLE)
              .setField(SAMPLE.findFieldByName("value"), values[i])
              .setField(SAMPLE.findFieldByName("timestamp"), timestamps[i])
              .build());
    }
    request.addRepeatedField(WRITE_REQUEST.findFieldByName("timeseries"), ts.build());
    return this;
  }

  /** Adds a series with one sample. */
  WriteRequests sample(long t, double v, String... namesAndValues) {
    return series(namesAndValues, new long[] {t}, new double[] {v});
  }

  /** Adds a series that carries one native histogram and no float sample. */
  WriteRequests histogram(long t, String... namesAndValues) {
    DynamicMessage.Builder ts = DynamicMessage.newBuilder(TIME_SERIES);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      ts.addRepeatedField(
          TIME_SERIES.findFieldByName("labels"),
          DynamicMessage.newBuilder(LABEL)
              .setField(LABEL.findFieldByName("name"), namesAndValues[i])
              .setField(LABEL.findFieldByName("value"), namesAndValues[i + 1])
              .build());
    }
    ts.addRepeatedField(
        TIME_SERIES.findFieldByName("histograms"),
        DynamicMessage.newBuilder(HISTOGRAM)
            .setField(HISTOGRAM.findFieldByName("count_int"), 3L)
            .setField(HISTOGRAM.findFieldByName("timestamp"), t)
            .build());
    request.addRepeatedField(WRITE_REQUEST.findFieldByName("timeseries"), ts.build());
    return this;
  }

  /** Adds a metadata entry (which the decoder skips). */
  WriteRequests metadata(String family, String help) {
    request.addRepeatedField(
        WRITE_REQUEST.findFieldByName("metadata"),
        DynamicMessage.newBuilder(METADATA)
            .setField(METADATA.findFieldByName("type"), 1)
            .setField(METADATA.findFieldByName("metric_family_name"), family)
            .setField(METADATA.findFieldByName("help"), help)
            .build());
    return this;
  }

  /** The serialized, uncompressed message. */
  byte[] toProto() {
    return request.build().toByteArray();
  }

  /** The serialized message, snappy block-compressed as a sender posts it. */
  byte[] toSnappy() {
    try {
      return Snappy.compress(toProto());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto f : fields) {
      b.addField(f);
    }
    return b.build();
  }

  private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
        .build();
  }

  private static FieldDescriptorProto repeated(String name, int number, String typeName) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
        .setTypeName(typeName)
        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
        .build();
  }
}
