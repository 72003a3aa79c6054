console.log('Armed: when the job ends, checks that the key named in key_id_file is revoked.');
