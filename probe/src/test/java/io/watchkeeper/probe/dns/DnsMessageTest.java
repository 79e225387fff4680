package io.watchkeeper.probe.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
  @Test
  void recordsRoundTripThroughTheWireFormat() throws DnsFormatException {
    List<DnsRecord> answers = List.of(
        new DnsRecord("example.com.", DnsRecordType.A.code(), 300, "93.184.216.34"),
        new DnsRecord("example.com.", DnsRecordType.AAAA.code(), 300, "2606:2800:220:1:248:1893:25c8:1946"),
        new DnsRecord("www.example.com.", DnsRecordType.CNAME.code(), 60, "example.com."),
        new DnsRecord("example.com.", DnsRecordType.MX.code(), 60, "10 mail.example.com."),
        new DnsRecord("example.com.", DnsRecordType.TXT.code(), 60, "\"v=spf1 -all\" \"second\""),
        new DnsRecord("_sip._tcp.example.com.", DnsRecordType.SRV.code(), 60, "0 5 5060 sip.example.com."),
        new DnsRecord("example.com.", DnsRecordType.NS.code(), 60, "a.iana-servers.net."));
    DnsMessage m = new DnsMessage(4242, DnsMessage.RESPONSE | DnsMessage.RECURSION_DESIRED,
        List.of(new DnsMessage.Question("example.com.", DnsRecordType.ANY.code())), answers, List.of(), List.of());

    byte[] wire = m.encode();
    DnsMessage back = DnsMessage.decode(wire, wire.length);

    assertThat(back).isEqualTo(m);
    assertThat(back.rcodeName()).isEqualTo("NOERROR");
  }

  @Test
  void followsCompressionPointers() throws DnsFormatException {
    // header: id 1, response, 1 question, 1 answer; question example.com A; answer name = pointer to offset 12
    byte[] msg = {
      0, 1, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
      7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 5, 0, 1,
      (byte) 0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'w', 'w', 'w', (byte) 0xc0, 12
    };

    DnsMessage m = DnsMessage.decode(msg, msg.length);

    assertThat(m.answers()).singleElement().isEqualTo(new DnsRecord("example.com.", 5, 60, "www.example.com."));
  }

  @Test
  void pointerLoopsAndTruncationAreFormatErrors() {
    byte[] loop = {0, 1, (byte) 0x81, (byte) 0x80, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
    byte[] shortMsg = {0, 1, (byte) 0x81};

    assertThatThrownBy(() -> DnsMessage.decode(loop, loop.length)).isInstanceOf(DnsFormatException.class)
        .hasMessageContaining("loop");
    assertThatThrownBy(() -> DnsMessage.decode(shortMsg, shortMsg.length)).isInstanceOf(DnsFormatException.class);
  }

  @Test
  void rcodesHaveNames() {
    assertThat(DnsMessage.rcodeName(3)).isEqualTo("NXDOMAIN");
    assertThat(DnsMessage.rcodeName(14)).isEqualTo("RCODE14");
    assertThat(DnsRecordType.parse("srv")).isEqualTo(DnsRecordType.SRV);
    assertThatThrownBy(() -> DnsRecordType.parse("AXFR")).hasMessageContaining("unknown DNS record type");
  }
}
