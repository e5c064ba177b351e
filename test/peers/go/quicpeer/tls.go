package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"time"
)

// serverTLSConfig loads -cert/-key or makes a fresh self-signed ECDSA P-256 certificate
// for 127.0.0.1, ::1 and localhost.
func serverTLSConfig(o *options, keylog io.Writer) (*tls.Config, error) {
	var cert tls.Certificate
	var err error
	if o.cert != "" || o.key != "" {
		cert, err = tls.LoadX509KeyPair(o.cert, o.key)
	} else {
		cert, err = selfSignedCert()
	}
	if err != nil {
		return nil, err
	}
	if o.writeCert != "" {
		block := &pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}
		if err := os.WriteFile(o.writeCert, pem.EncodeToMemory(block), 0o644); err != nil {
			return nil, err
		}
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		NextProtos:   o.alpn,
		KeyLogWriter: keylog,
	}, nil
}

func selfSignedCert() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "quicpeer"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// clientTLSConfig verifies against -ca when given, otherwise skips verification
// (the article's InsecureSkipVerify client).
func clientTLSConfig(o *options, keylog io.Writer) (*tls.Config, error) {
	conf := &tls.Config{
		ServerName:         o.sni,
		NextProtos:         o.alpn,
		KeyLogWriter:       keylog,
		InsecureSkipVerify: o.ca == "",
	}
	if o.ca != "" {
		pemBytes, err := os.ReadFile(o.ca)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pemBytes) {
			return nil, fmt.Errorf("no certificate in %s", o.ca)
		}
		conf.RootCAs = pool
	}
	return conf, nil
}

// openKeylog appends to -keylog (NSS key log format, read by tshark); nil when not asked for.
func openKeylog(path string) (io.WriteCloser, error) {
	if path == "" {
		return nil, nil
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
}
