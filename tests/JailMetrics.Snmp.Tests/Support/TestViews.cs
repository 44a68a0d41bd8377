using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>A small jail-like view under the documentation enterprise 32473 (RFC 5612).</summary>
internal static class TestViews
{
    public static readonly Oid Root = Oid.Parse("1.3.6.1.4.1.32473.1");
    public static readonly Oid Scalar = Root.Append(1, 0);            // INTEGER 42
    public static readonly Oid Entry = Root.Append(2, 1);
    public static readonly Oid NameColumn = Entry.Append(2);          // OCTET STRING
    public static readonly Oid CpuColumn = Entry.Append(3);           // Counter64: invisible to SNMPv1
    public static readonly Oid ProcessesColumn = Entry.Append(4);     // Gauge32
    public static readonly Oid StartedColumn = Entry.Append(5);       // TimeTicks
    public static readonly Oid PacketsColumn = Entry.Append(6);       // Counter32
    public static readonly Oid Address = Root.Append(3, 0);           // IpAddress
    public static readonly Oid Identity = Root.Append(4, 0);          // OBJECT IDENTIFIER

    public static readonly string[] Names = ["web01", "db", "cache"];

    public static MibView Jails(int rows = 3)
    {
        var builder = new MibViewBuilder()
            .AddObjectType(Root.Append(1)).AddObjectType(NameColumn).AddObjectType(CpuColumn).AddObjectType(ProcessesColumn)
            .AddObjectType(StartedColumn).AddObjectType(PacketsColumn).AddObjectType(Root.Append(3)).AddObjectType(Root.Append(4))
            .Add(Scalar, SnmpValue.Integer(42))
            .Add(Address, SnmpValue.IpAddress([192, 0, 2, 1]))
            .Add(Identity, SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.32473")));
        for (uint row = 1; row <= rows; row++)
        {
            builder.Add(NameColumn.Append(row), SnmpValue.OctetString(row <= Names.Length ? Names[row - 1] : $"jail{row}"));
            builder.Add(CpuColumn.Append(row), SnmpValue.Counter64(ulong.MaxValue - row));
            builder.Add(ProcessesColumn.Append(row), SnmpValue.Gauge32(row * 10));
            builder.Add(StartedColumn.Append(row), SnmpValue.TimeTicks(row * 100));
            builder.Add(PacketsColumn.Append(row), SnmpValue.Counter32(uint.MaxValue - row));
        }
        return builder.Build();
    }
}
