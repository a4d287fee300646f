package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
)

// Config is the whole program's configuration: flags, each with a
// HOCVUSO_* environment variable as its default.
type Config struct {
	Addr          string
	DataDir       string
	DB            string
	UnitsDir      string
	ContentDir    string
	PublicURL     string
	SecureCookies bool
	ProxyHeader   string
	LogLevel      string
	LogFormat     string
	Demo          int // learners of the demo province to seed at start; 0: none
}

// storeFlags registers the flags every subcommand that opens the database
// shares.
func (c *Config) storeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", env("HOCVUSO_DATA", "./data"), "directory of the embedded database (env HOCVUSO_DATA)")
	fs.StringVar(&c.DB, "db", env("HOCVUSO_DB", ""), "MongoDB URI (mongodb:// or mongodb+srv://); empty uses the embedded database (env HOCVUSO_DB)")
	fs.StringVar(&c.UnitsDir, "units", env("HOCVUSO_UNITS", ""), "directory with a newer provinces.csv and communes.csv; empty uses the built-in 2025 list (env HOCVUSO_UNITS)")
	fs.StringVar(&c.ContentDir, "content", env("HOCVUSO_CONTENT", ""), "folder holding courses/ and assessments/ to serve instead of the built-in copies, e.g. . (env HOCVUSO_CONTENT)")
	fs.StringVar(&c.LogLevel, "log-level", env("HOCVUSO_LOG_LEVEL", "info"), "debug, info, warn or error (env HOCVUSO_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("HOCVUSO_LOG_FORMAT", "json"), "json or text (env HOCVUSO_LOG_FORMAT)")
}

func (c *Config) serveFlags(fs *flag.FlagSet) {
	c.storeFlags(fs)
	fs.StringVar(&c.Addr, "addr", env("HOCVUSO_ADDR", ":8080"), "address to listen on (env HOCVUSO_ADDR)")
	fs.StringVar(&c.PublicURL, "public-url", env("HOCVUSO_PUBLIC_URL", "http://localhost:8080"), "the site's public URL, printed on certificates and in their QR codes and credentials (env HOCVUSO_PUBLIC_URL)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("HOCVUSO_SECURE_COOKIES"), "mark cookies Secure; set when served over HTTPS (env HOCVUSO_SECURE_COOKIES)")
	fs.IntVar(&c.Demo, "demo", envInt("HOCVUSO_DEMO"), "seed a demo province (Quảng Ninh) with this many learners into an empty database at start; 0 seeds nothing (env HOCVUSO_DEMO)")
	fs.StringVar(&c.ProxyHeader, "proxy-header", env("HOCVUSO_PROXY_HEADER", ""), "header carrying the client address behind a trusted proxy, e.g. X-Forwarded-For (env HOCVUSO_PROXY_HEADER)")
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envInt(name string) int {
	n, _ := strconv.Atoi(os.Getenv(name))
	return n
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

// logger builds the structured logger the configuration asks for.
func (c *Config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.LogFormat) {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format must be json or text, not %q", c.LogFormat)
}
