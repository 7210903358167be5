CongkhaiSearch.load("lex:k",[["ke",1],["kh",1],["khai",5],["khi",1],["kiem",1],["kien",1],["ky",4]]);
