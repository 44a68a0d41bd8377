namespace JailMetrics.Snmp.Security;

/// <summary>
/// A USM user or view configuration that cannot be used. The message names the user and the field
/// at fault and never contains a secret.
/// </summary>
public sealed class UsmConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
