CongkhaiSearch.load("lex:p",[["pakn",1],["phan",3],["phi",1],["phu",1]]);
