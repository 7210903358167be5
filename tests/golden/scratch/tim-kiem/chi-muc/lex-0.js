CongkhaiSearch.load("lex:0",[["000",1],["01",1],["0239",1]]);
