package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/cert/credential"
)

// certCommand is "hocvuso cert verify [--jwks FILE] CREDENTIAL_FILE" and
// "hocvuso cert rotate-key".
func certCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: hocvuso cert verify [--jwks FILE | --data DIR] CREDENTIAL_FILE | hocvuso cert rotate-key")
	}
	switch args[0] {
	case "verify":
		return certVerify(ctx, args[1:], stdout, stderr)
	case "rotate-key":
		m, err := openCertMain(ctx, args[1:], stderr)
		if err != nil {
			return err
		}
		defer m.store.Close()
		k, err := m.cert.RotateKey(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new signing key %s; the old keys stay published so certificates they signed still verify\n", k.ID)
		return nil
	}
	return fmt.Errorf("unknown cert command %q", args[0])
}

// certVerify checks a credential offline: against a saved copy of the
// published keys (/.well-known/jwks.json) given with --jwks, or against
// the keys of the local database.
func certVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var m Main
	fs := flag.NewFlagSet("cert verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.storeFlags(fs)
	jwksFile := fs.String("jwks", "", "a saved copy of the issuer's /.well-known/jwks.json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: hocvuso cert verify [--jwks FILE] CREDENTIAL_FILE")
	}
	token, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	var keys []credential.Key
	if *jwksFile != "" {
		data, err := os.ReadFile(*jwksFile)
		if err != nil {
			return err
		}
		if keys, err = credential.ParseJWKS(data); err != nil {
			return fmt.Errorf("jwks: %w", err)
		}
	} else {
		cm, err := openCertMain(ctx, args[:len(args)-1], stderr)
		if err != nil {
			return err
		}
		defer cm.store.Close()
		keys = cm.cert.Keys()
	}
	cred, err := cert.VerifyCredential(string(token), keys, time.Now())
	if err != nil {
		fmt.Fprintf(stdout, "NOT VALID: %v\n", err)
		return errors.New("the credential does not verify")
	}
	out, _ := json.MarshalIndent(map[string]any{"id": cred["id"], "issuer": cred["issuer"], "validFrom": cred["validFrom"],
		"credentialSubject": cred["credentialSubject"], "credentialStatus": cred["credentialStatus"]}, "", "  ")
	fmt.Fprintf(stdout, "VALID signature by a published issuer key.\n%s\nCheck revocation at the credentialStatus URL (the status list).\n", out)
	return nil
}

func openCertMain(ctx context.Context, args []string, stderr io.Writer) (*Main, error) {
	m := &Main{}
	fs := flag.NewFlagSet("cert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.storeFlags(fs)
	fs.StringVar(&m.Config.PublicURL, "public-url", env("HOCVUSO_PUBLIC_URL", "http://localhost:8080"), "public URL of the site")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := m.openServices(ctx, stderr); err != nil {
		return nil, err
	}
	return m, nil
}
