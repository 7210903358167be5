CongkhaiSearch.load("lex:t",[["tai",1],["than",1],["thieu",1],["thoai",1],["thon",1],["thu",6],["thuc",2],["tich",3],["tinh",1],["to",1],["trang",2],["trich",1],["trong",1],["tu",3],["tuc",2]]);
