package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// userCommand handles "hocvuso user create": bootstrapping officials,
// admins and trainers, recorded in the audit log.
func userCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`usage: hocvuso user create --role official --unit 22 --phone 0912345678 --name "Nguyễn Văn A"`)
	}
	var m Main
	var in auth.StaffInput
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.storeFlags(fs)
	fs.StringVar(&in.Role, "role", "", "learner, trainer, official or admin")
	fs.StringVar(&in.UnitCode, "unit", "", "unit code the role is scoped to: a province (2 digits) or a commune (5 digits)")
	fs.StringVar(&in.Phone, "phone", "", "mobile phone number")
	fs.StringVar(&in.Name, "name", "", "full name")
	fs.StringVar(&in.Password, "password", "", "initial password or 6-digit PIN; empty generates one and prints it")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	generated := in.Password == ""
	if generated {
		in.Password = randomPassword()
	}
	if err := m.openServices(ctx, stderr); err != nil {
		return err
	}
	defer m.store.Close()
	u, err := m.auth.CreateStaff(ctx, "", in)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created %s %s (%s) for unit %s, id %s\n", u.Role, u.Name, u.Phone, m.units.FullName(u.UnitCode, "vi"), u.ID)
	if generated {
		fmt.Fprintf(stdout, "initial password: %s\n", in.Password)
	}
	return nil
}

// describe spells out a validation error for the terminal.
func describe(err error) error {
	e := lms.AsError(err)
	if e.Code == lms.EINTERNAL {
		return err
	}
	msg := e.Message.EN
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  --%s: %s", flagName(f.Field), f.Message.EN)
	}
	return errors.New(msg)
}

func flagName(field string) string {
	if field == "unit_code" {
		return "unit"
	}
	return field
}

func randomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}
