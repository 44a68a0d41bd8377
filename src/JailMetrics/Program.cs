// Placeholder entry point; the service host lands with issue 2.
return 0;
