using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public class AuthenticatorTests
{
    private static Authenticator VectorEAuthenticator() => new(AuthProtocol.HmacSha1, VectorE.AuthKey);

    [Fact]
    public void Signing_vector_e_request_writes_its_mac()
    {
        byte[] message = VectorE.Request();
        message.AsSpan(VectorE.MacOffset, 12).Fill(0xEE); // whatever was there is replaced

        VectorEAuthenticator().Sign(message, VectorE.MacOffset);

        Assert.Equal(VectorE.RequestMac, Hex.Of(message.AsSpan(VectorE.MacOffset, 12)));
        Assert.Equal(VectorE.Request(), message);
    }

    [Fact]
    public void Signing_vector_e_response_writes_its_mac()
    {
        byte[] message = VectorE.Response();
        message.AsSpan(VectorE.MacOffset, 12).Clear();

        VectorEAuthenticator().Sign(message, VectorE.MacOffset);

        Assert.Equal(VectorE.ResponseMac, Hex.Of(message.AsSpan(VectorE.MacOffset, 12)));
    }

    [Fact]
    public void Vector_e_messages_verify_and_are_left_as_they_were()
    {
        var authenticator = VectorEAuthenticator();
        byte[] request = VectorE.Request();
        byte[] response = VectorE.Response();

        Assert.True(authenticator.Verify(request, VectorE.MacOffset, 12));
        Assert.True(authenticator.Verify(response, VectorE.MacOffset, 12));
        Assert.Equal(VectorE.Request(), request);
        Assert.Equal(VectorE.Response(), response);
    }

    [Fact]
    public void A_changed_octet_anywhere_fails()
    {
        var authenticator = VectorEAuthenticator();
        foreach (int position in new[] { 0, 20, VectorE.MacOffset, VectorE.MacOffset + 11, 140 })
        {
            byte[] message = VectorE.Request();
            message[position] ^= 0x01;
            Assert.False(authenticator.Verify(message, VectorE.MacOffset, 12));
        }
    }

    [Theory]
    [InlineData(1)]  // CVE-2008-0960: a 1-octet MAC must not be compared as a prefix
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(20)]
    public void A_mac_field_of_any_other_length_fails(int length)
    {
        byte[] message = VectorE.Request();
        Assert.False(VectorEAuthenticator().Verify(message, VectorE.MacOffset, length));
    }

    [Fact]
    public void A_mac_field_outside_the_message_fails_verification_and_cannot_be_signed()
    {
        byte[] message = VectorE.Request();
        Assert.False(VectorEAuthenticator().Verify(message, message.Length - 4, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorEAuthenticator().Sign(message, message.Length - 4));
    }

    [Fact]
    public void Every_protocol_signs_what_it_verifies_with_its_own_mac_length()
    {
        byte[] engineId = VectorE.EngineId;
        foreach (var protocol in AuthProtocol.All)
        {
            var authenticator = new Authenticator(protocol, UsmKeyDerivation.LocalizedKeyFromPassword(protocol, "authpass123"u8, engineId));
            byte[] message = new byte[100 + protocol.MacLength];
            Random.Shared.NextBytes(message);
            authenticator.Sign(message, 50);

            Assert.True(authenticator.Verify(message, 50, protocol.MacLength), protocol.Name);
            Assert.False(authenticator.Verify(message, 50, protocol.MacLength - 1), protocol.Name);
        }
    }

    [Fact]
    public void A_key_of_the_wrong_length_is_refused() =>
        Assert.Throws<ArgumentException>(() => new Authenticator(AuthProtocol.HmacSha256, VectorE.AuthKey));
}
