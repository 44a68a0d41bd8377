namespace JailMetrics.Snmp.Ber;

/// <summary>
/// The input is not valid BER for the SNMP subset (RFC 3417 §8). The only exception the decoders
/// throw on hostile input; the agent counts it as snmpInASNParseErrs (RFC 3418) and drops the datagram.
/// </summary>
public sealed class BerDecodeException : Exception
{
    public BerDecodeException(string message, int offset)
        : base($"{message} (at octet {offset})")
    {
        Offset = offset;
    }

    /// <summary>Where in the buffer being decoded the problem was found.</summary>
    public int Offset { get; }
}
