global using Lockbox.Tests.Support;
