namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>
/// res.error of a Response (RFC 2741 §6.2.16): the SNMP error-status values (RFC 3416 §3) plus the
/// AgentX-specific ones from 256 up.
/// </summary>
public enum AgentXErrorStatus : ushort
{
    NoError = 0,
    TooBig = 1,
    NoSuchName = 2,
    BadValue = 3,
    ReadOnly = 4,
    GenErr = 5,
    NoAccess = 6,
    WrongType = 7,
    WrongLength = 8,
    WrongEncoding = 9,
    WrongValue = 10,
    NoCreation = 11,
    InconsistentValue = 12,
    ResourceUnavailable = 13,
    CommitFailed = 14,
    UndoFailed = 15,
    AuthorizationError = 16,
    NotWritable = 17,
    InconsistentName = 18,

    OpenFailed = 256,
    NotOpen = 257,
    IndexWrongType = 258,
    IndexAlreadyAllocated = 259,
    IndexNoneAvailable = 260,
    IndexNotAllocated = 261,
    UnsupportedContext = 262,
    DuplicateRegistration = 263,
    UnknownRegistration = 264,
    UnknownAgentCaps = 265,
    ParseError = 266,
    RequestDenied = 267,
    ProcessingError = 268,
}
