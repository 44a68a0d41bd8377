namespace JailMetrics.Service.Configuration;

/// <summary>
/// The configuration cannot be used; the message alone says what and why, fit to print to a user
/// as it is (the service prints it and exits non-zero, without a stack trace).
/// </summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
