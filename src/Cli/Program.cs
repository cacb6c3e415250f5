Console.Error.WriteLine("usage: crashdesk <command> ...");
return 2;
